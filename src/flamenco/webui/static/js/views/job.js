// One job: its summary and actions, its tasks (live, virtualised), and beside them either the
// job's settings or the open task (/app/jobs/<job>/<task>).

import { computed, reactive, ref, shallowRef, watch } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { useEvent, useSubscription, useSynced, throttle } from "../live.js";
import { route, navigate, jobsListPath, RouterLink } from "../router.js";
import { useKeys } from "../keys.js";
import { notify, runAll } from "../notify.js";
import { JOB_ACTIONS, TASK_ACTIONS, TASK_STATUSES, jobCan, jobDeletable } from "../rules.js";
import { deleteJobs, deleting, noteDeletion } from "../deletion.js";
import { count, exact, ago } from "../format.js";
import { StatusBadge, Progress, StatusChips, KeyValues } from "../components/common.js";
import { TaskTable } from "../components/tasktable.js";
import { LastRendered } from "../components/lastrendered.js";
import { TaskPanel } from "./task.js";
import { JobTagControl, BlocklistPanel } from "../components/farmtags.js";
import { BlocksPanel } from "../components/blocks.js";
import { JobControlsPanel } from "../components/pipeline.js";
import { JobLifePanel } from "../components/joblife.js";

export const JobView = {
  components: { StatusBadge, Progress, StatusChips, KeyValues, TaskTable, TaskPanel, RouterLink, LastRendered, JobTagControl, BlocklistPanel, BlocksPanel, JobLifePanel, JobControlsPanel },
  setup() {
    const jobId = computed(() => route.params.jobId);
    const taskId = computed(() => route.params.taskId || "");
    const state = reactive({ job: null, error: "", tasksLoaded: false, filter: [], steps: null, deleteRequested: "", editingPriority: false, priority: 50, tab: "details", blocked: 0, blocks: 0 });
    // Bumped on every update of this job, so its worker tag and blocklist (3.8 data) are re-read.
    const farmVersion = ref(0);
    const bumpFarm = throttle(() => (farmVersion.value += 1), 1000);
    // Bumped (at most once a second) as the job's tasks change, so its blocks' progress is re-read.
    const blocksVersion = ref(0);
    const bumpBlocks = throttle(() => (blocksVersion.value += 1), 1000);
    const tasks = shallowRef([]); // plain objects, ordered by place in the job
    const byId = new Map();
    const tick = ref(0);
    const taskPanel = ref(null);

    const jobsSub = useSubscription("allJobs");
    const jobSub = useSubscription("job", () => jobId.value);

    const loadJob = useSynced(async () => {
      const id = jobId.value;
      try {
        // The seed door's job, and from Flamenco 3.8's door whether its deletion was requested.
        const [job, v3job] = await Promise.all([api.job(id), api.jobV3(id).catch(() => null)]);
        if (id === jobId.value) Object.assign(state, { job, error: "", deleteRequested: v3job?.delete_requested_at || "" });
      } catch (error) {
        if (id === jobId.value) state.error = error.message;
      }
    });
    const loadTasks = useSynced(async () => {
      const id = jobId.value;
      try {
        const result = await api.jobTasks(id);
        if (id !== jobId.value) return;
        const list = result.tasks;
        list.sort((a, b) => (a.index_in_job ?? 0) - (b.index_in_job ?? 0));
        // Task updates that arrived while this answer was on its way are newer than it: keep them
        // (else a row could stay "active" after its completion event, with no later event to fix it).
        for (const task of list) {
          const known = byId.get(task.id);
          if (known && Date.parse(known.updated) > Date.parse(task.updated)) {
            Object.assign(task, { status: known.status, updated: known.updated });
          }
        }
        byId.clear();
        for (const task of list) byId.set(task.id, task);
        tasks.value = list;
        state.tasksLoaded = true;
        tick.value += 1;
      } catch (error) {
        if (id === jobId.value) state.error = error.message;
      }
    });
    // Step progress is Flamenco 3.8's (/api/v3); job updates with new counts come once a second.
    const loadSteps = useSynced(async () => {
      const id = jobId.value;
      try {
        const steps = await api.jobSteps(id);
        if (id === jobId.value) state.steps = steps;
      } catch {
        // the job's own fetch reports what went wrong
      }
    });
    const refetchTasks = throttle(loadTasks, 250);
    const refetchJob = throttle(loadJob, 250);
    const refetchSteps = throttle(loadSteps, 1000);

    watch(
      jobId,
      (id) => {
        if (!id) return;
        state.job = null;
        state.steps = null;
        state.tasksLoaded = false;
        tasks.value = [];
        byId.clear();
        Promise.all([jobsSub.promise, jobSub.promise]).then(() => Promise.all([loadJob(), loadTasks(), loadSteps()]));
      },
      { immediate: true },
    );

    useEvent("/jobs", (update) => {
      const job = state.job;
      if (!job || update.id !== job.id) return;
      if (noteDeletion(update)) {
        notify(`Job deleted: ${job.name}`);
        navigate(jobsListPath());
        return;
      }
      if (update.delete_requested_at) state.deleteRequested = update.delete_requested_at;
      const statusChanged = update.status !== job.status;
      Object.assign(job, { status: update.status, updated: update.updated, priority: update.priority });
      if (update.name !== undefined) job.name = update.name;
      if (update.task_counts) job.task_counts = update.task_counts;
      if (update.refresh_tasks) refetchTasks();
      if (statusChanged || update.refresh_tasks) refetchJob(); // activity is not in the update
      bumpFarm(); // a tag change or a lifted block arrives as a job update without a new status
      refetchSteps();
    });
    useEvent("/task", (update) => {
      if (update.job_id !== jobId.value) return;
      const task = byId.get(update.id);
      if (!task) {
        refetchTasks();
        return;
      }
      if (state.job?.type === "afanasy") bumpBlocks();
      task.status = update.status;
      task.updated = update.updated;
      if (update.name !== undefined) task.name = update.name;
      tick.value += 1;
      if (update.status === "active" && update.previous_status !== "active") fillWorker(task);
      if (update.status === "failed" || update.status === "soft-failed") bumpFarm(); // may have blocklisted its worker
    });

    /** A task update does not say who runs it: ask for that one task (not all 10,000). */
    async function fillWorker(task) {
      try {
        const full = await api.task(task.id);
        task.worker = full.worker;
        tick.value += 1;
      } catch {
        // gone or unreachable: the next full refresh settles it
      }
    }

    const shown = computed(() => {
      void tick.value;
      const filter = state.filter;
      return filter.length ? tasks.value.filter((task) => filter.includes(task.status)) : tasks.value;
    });
    // Counted from the tasks on screen once they are here, so the bar and the table always agree.
    const counts = computed(() => {
      void tick.value;
      if (!state.tasksLoaded) return state.job?.task_counts || null;
      const result = { total: tasks.value.length };
      for (const status of TASK_STATUSES) result[status] = 0;
      for (const task of tasks.value) result[task.status] = (result[task.status] || 0) + 1;
      return result;
    });

    const openTask = (task, replace = false) => navigate(`/jobs/${jobId.value}/${task.id}`, { replace });
    const move = (delta) => {
      const list = shown.value;
      if (!list.length) return;
      const index = list.findIndex((task) => task.id === taskId.value);
      const next = index < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(Math.max(0, index + delta), list.length - 1);
      openTask(list[next], index >= 0);
    };
    const act = (action) =>
      state.job &&
      runAll([state.job], (job) => api.setJobStatus(job.id, action.status), {
        what: action.label,
        label: (job) => job.name,
      });

    const keys = {
      j: () => move(1),
      k: () => move(-1),
      Escape: () => navigate(taskId.value ? `/jobs/${jobId.value}` : jobsListPath()),
    };
    for (const action of JOB_ACTIONS) keys[action.key] = () => act(action);
    keys.D = () => remove();
    for (const action of TASK_ACTIONS) keys[action.key] = () => taskPanel.value?.act(action);
    useKeys(keys);

    const remove = async () => {
      if (!state.job || state.deleteRequested) return;
      if (await deleteJobs([state.job])) state.deleteRequested = state.deleteRequested || new Date().toISOString();
    };
    const editPriority = () => Object.assign(state, { editingPriority: true, priority: state.job.priority });
    const savePriority = async () => {
      const priority = Number(state.priority);
      if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
        notify("A priority is a whole number from 0 to 100", { kind: "error" });
        return;
      }
      const ok = await runAll([state.job], (job) => api.setJobPriority(job.id, priority), {
        what: `Priority ${priority}`,
        label: (job) => job.name,
      });
      if (ok) {
        state.editingPriority = false;
        state.job.priority = priority;
      }
    };

    return {
      state, jobId, taskId, shown, counts, tick, taskPanel, openTask, act, remove, editPriority, savePriority, farmVersion, blocksVersion,
      JOB_ACTIONS, TASK_STATUSES, jobCan, jobDeletable, deleting, count, exact, ago, jobsListPath,
    };
  },
  template: `
  <section class="page job-page">
    <p v-if="state.error && !state.job" class="error-box" role="alert">{{ state.error }}</p>
    <template v-if="state.job">
      <header class="page-head job-head">
        <div class="title-block">
          <RouterLink :to="jobsListPath()" class="eyebrow link">← Jobs</RouterLink>
          <h1 data-testid="job-name">{{ state.job.name }}</h1>
          <div class="meta">
            <StatusBadge :status="state.job.status" data-testid="job-status" />
            <span v-if="state.deleteRequested" class="badge s-deleting" data-testid="job-deleting"
                  :title="'Deletion requested ' + exact(state.deleteRequested)">deleting…</span>
            <span>{{ state.job.type }}</span>
            <form v-if="state.editingPriority" class="priority-edit" @submit.prevent="savePriority" @keydown.esc.stop="state.editingPriority = false">
              <label>priority <input type="number" min="0" max="100" step="1" v-model="state.priority" data-testid="priority-input" aria-label="Job priority (0-100)"></label>
              <button type="submit" class="btn" data-testid="priority-save">Set</button>
              <button type="button" class="btn" @click="state.editingPriority = false">Cancel</button>
            </form>
            <button v-else type="button" class="link priority" data-testid="job-priority" @click="editPriority" title="Change the priority">priority {{ state.job.priority }} ✎</button>
            <span :title="exact(state.job.created)">created {{ ago(state.job.created) }}</span>
            <span :title="exact(state.job.updated)">updated {{ ago(state.job.updated) }}</span>
            <JobTagControl :job-id="state.job.id" :version="farmVersion" />
          </div>
        </div>
        <div class="actions" role="group" aria-label="Job actions">
          <button v-for="a in JOB_ACTIONS" :key="a.id" type="button" class="btn" :class="'act-' + a.id"
                  :disabled="!jobCan(a, state.job.status)" @click="act(a)" :title="a.label + ' job (' + a.key + ')'">
            {{ a.label }}<kbd>{{ a.key }}</kbd></button>
          <button type="button" class="btn act-delete" :disabled="!jobDeletable(state.job.status) || !!state.deleteRequested"
                  @click="remove" title="Delete job (Shift+D)">Delete<kbd>⇧d</kbd></button>
        </div>
      </header>
      <p v-if="state.deleteRequested" class="notice" role="status">Deletion requested {{ ago(state.deleteRequested) }}: the Manager is removing this job, its tasks, logs and images.</p>
      <div class="job-progress">
        <Progress :counts="counts" wide />
        <p class="activity" v-if="state.job.activity">{{ state.job.activity }}</p>
      </div>
      <div class="split">
        <section class="tasks-pane" aria-label="Tasks">
          <div class="pane-head">
            <h2>Tasks <span class="muted count">{{ count(shown.length) }}</span></h2>
            <StatusChips :statuses="TASK_STATUSES" v-model="state.filter" :counts="counts" />
          </div>
          <TaskTable :rows="shown" :tick="tick" :job-id="state.job.id" :selected-id="taskId" @open="openTask" />
          <p v-if="state.tasksLoaded && !shown.length" class="empty">No tasks {{ state.filter.length ? 'in these statuses' : '' }}.</p>
        </section>
        <aside class="detail-pane">
          <TaskPanel v-if="taskId" ref="taskPanel" :task-id="taskId" :job-id="state.job.id" />
          <section v-else class="panel" aria-label="Job details">
            <div class="tabs" role="tablist" aria-label="Job details">
              <button type="button" role="tab" class="tab" :aria-selected="state.tab === 'details'" @click="state.tab = 'details'">Details</button>
              <button type="button" role="tab" class="tab" data-testid="blocklist-tab" :aria-selected="state.tab === 'blocklist'"
                      @click="state.tab = 'blocklist'">Blocklist <span class="muted count" data-testid="blocklist-count">{{ state.blocked }}</span></button>
              <button v-if="state.job.type === 'afanasy'" type="button" role="tab" class="tab" data-testid="blocks-tab"
                      :aria-selected="state.tab === 'blocks'" @click="state.tab = 'blocks'">Blocks <span class="muted count"
                      data-testid="blocks-count">{{ state.blocks }}</span></button>
              <button type="button" role="tab" class="tab" data-testid="controls-tab" :aria-selected="state.tab === 'controls'"
                      @click="state.tab = 'controls'">Controls</button>
            </div>
            <BlocksPanel v-if="state.job.type === 'afanasy'" v-show="state.tab === 'blocks'" :job-id="state.job.id"
                         :version="blocksVersion + farmVersion" @count="(n) => (state.blocks = n)" />
            <JobControlsPanel v-if="state.tab === 'controls'" :job-id="state.job.id" :version="farmVersion" />
            <BlocklistPanel v-show="state.tab === 'blocklist'" :job-id="state.job.id" :version="farmVersion" @count="(n) => (state.blocked = n)" />
            <template v-if="state.tab === 'details'">
            <JobLifePanel :job-id="state.job.id" :version="farmVersion" />
            <h2>Last rendered</h2>
            <LastRendered :job-id="state.job.id" size="small" />
            <h2>Settings</h2>
            <KeyValues :values="state.job.settings" empty="No settings." />
            <h2>Metadata</h2>
            <KeyValues :values="state.job.metadata" empty="No metadata." />
            <h2>Job</h2>
            <dl class="kv">
              <dt>ID</dt><dd><code>{{ state.job.id }}</code></dd>
              <dt>Type</dt><dd>{{ state.job.type }}</dd>
              <dt>Priority</dt><dd>{{ state.job.priority }}</dd>
              <dt>Steps</dt><dd data-testid="job-steps">{{ state.steps ? count(state.steps.completed) + ' of ' + count(state.steps.total) : '—' }}</dd>
              <dt>Created</dt><dd>{{ exact(state.job.created) }}</dd>
              <dt>Updated</dt><dd>{{ exact(state.job.updated) }}</dd>
              <dt>Activity</dt><dd>{{ state.job.activity || '—' }}</dd>
            </dl>
            <p class="muted hint">Select a task to see its commands and log (<kbd>j</kbd> / <kbd>k</kbd>).</p>
            </template>
          </section>
        </aside>
      </div>
    </template>
  </section>`,
};
