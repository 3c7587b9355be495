// Which status changes a person may ask for, from which statuses: the buttons offer only those.
// The Manager decides (and says why it refuses); these tables mirror
// flamenco/scheduler/state_machine.py, and tests/webui/test_assets.py keeps them equal.

export const JOB_REQUESTS = {
  "cancel-requested": ["active", "queued", "paused", "failed", "requeueing", "under-construction"],
  "requeueing": ["canceled", "completed", "failed", "paused"],
  "paused": ["active", "queued"],
  "queued": ["paused"]
};

export const TASK_REQUESTS = {
  "canceled": ["active", "queued", "soft-failed", "paused"],
  "queued": ["canceled", "completed", "failed", "soft-failed", "paused"]
};

export const JOB_STATUSES = [
  "active", "queued", "paused", "completed", "failed", "canceled", "cancel-requested", "requeueing",
  "under-construction", "construction-failed", "archiving", "archived",
];

export const TASK_STATUSES = ["active", "queued", "soft-failed", "failed", "completed", "canceled", "paused"];

/** The job actions, with their keys; `status` is what setJobStatus is asked for. */
export const JOB_ACTIONS = [
  { id: "cancel", label: "Cancel", status: "cancel-requested", key: "c", done: "cancel requested" },
  { id: "requeue", label: "Requeue", status: "requeueing", key: "r", done: "requeued" },
  { id: "pause", label: "Pause", status: "paused", key: "p", done: "paused" },
  { id: "resume", label: "Resume", status: "queued", key: "u", done: "resumed" },
];

export const TASK_ACTIONS = [
  { id: "requeue", label: "Requeue task", status: "queued", key: "R", done: "requeued" },
  { id: "cancel", label: "Cancel task", status: "canceled", key: "C", done: "canceled" },
];

export function jobCan(action, status) {
  return JOB_REQUESTS[action.status].includes(status);
}

export function taskCan(action, status) {
  return TASK_REQUESTS[action.status].includes(status);
}

/** Jobs a person may delete, as Flamenco's web app allows (the API itself accepts any). */
export const JOB_DELETABLE = ["canceled", "completed", "failed", "paused", "queued"];

export function jobDeletable(status) {
  return JOB_DELETABLE.includes(status);
}
