# Import afanasy python module (must be in PYTHONPATH)
import af
# Create a job
job = af.Job('somejob')
# Set job depend mask
job.setDependMask('another_job_name')
# Set maximum tasks that can be executed simultaneously
job.setMaxRunningTasks(15)
# Set job hosts mask
job.setHostsMask('render.*')
# Start job paused
job.offLine()
# Create a block with provided name and service type
block = af.Block('back', 'nuke')
# Set block tasks command
block.setCommand('nuke -i -X WriteBack -x scene.nk.tmp.nk @#@,@#@')
# Set block tasks preview command arguments
block.setFiles(['jpg/img.@####@.jpg'])
# Set block to numeric type, providing first, last frame and frames per host
block.setNumeric(1, 100, 10)
# Add block to the job
job.blocks.append(block)
# Set command to execute by server after a job is deleted.
job.setCmdPost('rm /projects/test/nuke/scene.nk.tmp.nk')
# Send job to Afanasy server
job.send()
