// Deleting jobs, as Flamenco 3.8 does it: the Manager marks each job and removes it in the
// background (tasks, logs, last-rendered images, and its Shaman checkout when it has one). Live job
// updates carry `delete_requested_at` while that happens and `was_deleted` when it is done; the
// screens show the first as "deleting" and drop the job on the second.

import { reactive } from "../vendor/vue.esm-browser.prod.js";
import { api } from "./api.js";
import { confirm } from "./confirm.js";
import { runAll } from "./notify.js";

/** IDs of jobs whose deletion was requested and which are not gone yet (from live updates). */
export const deleting = reactive(new Set());

/** Keep `deleting` up to date from a `/jobs` update; true when the update says the job is gone. */
export function noteDeletion(update) {
  if (update.was_deleted) {
    deleting.delete(update.id);
    return true;
  }
  if (update.delete_requested_at) deleting.add(update.id);
  return false;
}

/** Ask first (saying what goes, per `deleteJobWhatWouldItDo`), then request the deletions. */
export async function deleteJobs(jobs) {
  if (!jobs.length) return false;
  const infos = await Promise.allSettled(jobs.map((job) => api.whatWouldDeleteDo(job.id)));
  const checkouts = infos.filter((r) => r.status === "fulfilled" && r.value.shaman_checkout).length;
  const one = jobs.length === 1;
  const lines = [
    one
      ? `"${jobs[0].name}" is deleted with its tasks, task logs and last-rendered images.`
      : `${jobs.length} jobs are deleted with their tasks, task logs and last-rendered images.`,
  ];
  if (checkouts)
    lines.push(
      one
        ? "Its Shaman checkout (the job's files on the shared storage) is removed too."
        : `The Shaman checkouts of ${checkouts} of them (their files on the shared storage) are removed too.`,
    );
  else lines.push("No files on the shared storage are removed.");
  lines.push("This cannot be undone.");
  const title = one ? "Delete this job?" : `Delete ${jobs.length} jobs?`;
  if (!(await confirm({ title, lines, action: one ? "Delete job" : `Delete ${jobs.length} jobs` }))) return false;
  for (const job of jobs) deleting.add(job.id);
  const ok = await runAll(jobs, (job) => api.deleteJob(job.id), {
    what: "Deletion requested",
    label: (job) => job.name,
  });
  return ok;
}
