// The Manager's HTTP API, as the web UI uses it. Every action goes through here, exactly as any
// other client would send it; an error answer becomes an ApiError carrying the API's own message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const REASON = "requested in the web UI";

const steps = (item) => ({ completed: item.steps_completed, total: item.steps_total });

async function request(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "cannot reach the Manager");
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`.trim();
    try {
      const error = await response.json();
      if (error && typeof error.message === "string") message = error.message;
    } catch {
      // not the Error shape (a proxy's page, say): keep the status line
    }
    throw new ApiError(response.status, message);
  }
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? response.json() : response.text();
}

export const api = {
  version: () => request("GET", "/api/version"),
  // Job types as Flamenco 3.8 describes them (/api/v3): the richer description. The seed door's
  // submitJob accepts every key of either door's description (docs/job-types.md).
  jobTypes: () => request("GET", "/api/v3/jobs/types"),
  jobType: (name) => request("GET", `/api/v3/jobs/type/${encodeURIComponent(name)}`),
  submitJob: (job) => request("POST", "/api/jobs", job),
  queryJobs: (query) => request("POST", "/api/jobs/query", query),
  job: (id) => request("GET", `/api/jobs/${id}`),
  jobTasks: (id) => request("GET", `/api/jobs/${id}/tasks`),
  setJobStatus: (id, status) => request("POST", `/api/jobs/${id}/setstatus`, { status, reason: REASON }),
  task: (id) => request("GET", `/api/tasks/${id}`),
  taskLogTail: (id) => request("GET", `/api/tasks/${id}/logtail`),
  taskLogUrl: (id) => `/api/tasks/${id}/log`,
  setTaskStatus: (id, status) => request("POST", `/api/tasks/${id}/setstatus`, { status, reason: REASON }),
  // Flamenco 3.8's door (/api/v3): what the seed API has no word for.
  jobSteps: (id) => request("GET", `/api/v3/jobs/${id}`).then((job) => steps(job)),
  taskSteps: (id) => request("GET", `/api/v3/tasks/${id}`).then((task) => steps(task)),
  jobLastRendered: (id) => request("GET", `/api/v3/jobs/${id}/last-rendered`),
  lastRendered: () => request("GET", "/api/v3/jobs/last-rendered"),
  workers: () => request("GET", "/api/worker-mgt/workers"),
  worker: (id) => request("GET", `/api/worker-mgt/workers/${id}`),
  setWorkerStatus: (id, status, isLazy) =>
    request("POST", `/api/worker-mgt/workers/${id}/setstatus`, { status, is_lazy: isLazy }),
  // Flamenco 3.8's features, on its door (/api/v3): worker tags and job blocklists.
  v3Worker: (id) => request("GET", `/api/v3/worker-mgt/workers/${id}`),
  v3Workers: () => request("GET", "/api/v3/worker-mgt/workers"),
  workerTags: () => request("GET", "/api/v3/worker-mgt/tags"),
  createWorkerTag: (name, description) => request("POST", "/api/v3/worker-mgt/tags", { name, description }),
  updateWorkerTag: (id, name, description) =>
    request("PUT", `/api/v3/worker-mgt/tag/${id}`, { name, description }),
  deleteWorkerTag: (id) => request("DELETE", `/api/v3/worker-mgt/tag/${id}`),
  setWorkerTags: (id, tagIds) => request("POST", `/api/v3/worker-mgt/workers/${id}/settags`, { tag_ids: tagIds }),
  setJobTag: (id, tagId) => request("POST", `/api/v3/jobs/${id}/settag`, tagId ? { id: tagId } : {}),
  jobBlocklist: (id) => request("GET", `/api/v3/jobs/${id}/blocklist`),
  removeJobBlocklist: (id, entries) => request("DELETE", `/api/v3/jobs/${id}/blocklist`, entries),
  // Pipeline jobs (an addition of this Manager, docs/afanasy.md).
  jobBlocks: (id) => request("GET", `/api/v3/jobs/${id}/blocks`),

  // Flamenco 3.8's lifecycle operations live on its own door, /api/v3.
  jobV3: (id) => request("GET", `/api/v3/jobs/${id}`),
  jobLife: (id) => request("GET", `/api/v3/jobs/${id}/life`),
  updateJobLife: (id, body) => request("POST", `/api/v3/jobs/${id}/life`, body),
  deleteJob: (id) => request("DELETE", `/api/v3/jobs/${id}`),
  whatWouldDeleteDo: (id) => request("GET", `/api/v3/jobs/${id}/what-would-delete-do`),
  setJobPriority: (id, priority) => request("POST", `/api/v3/jobs/${id}/setpriority`, { priority }),
  farmStatus: () => request("GET", "/api/v3/status"),
  deleteWorker: (id) => request("DELETE", `/api/v3/worker-mgt/workers/${id}`),
  sleepSchedule: (id) => request("GET", `/api/v3/worker-mgt/workers/${id}/sleep-schedule`),
  setSleepSchedule: (id, schedule) =>
    request("POST", `/api/v3/worker-mgt/workers/${id}/sleep-schedule`, schedule),
  // Settings and setup: Flamenco 3.8's operations (/api/v3).
  v3Configuration: () => request("GET", "/api/v3/configuration"),
  variables: (audience, platform) =>
    request("GET", `/api/v3/configuration/variables/${audience}/${encodeURIComponent(platform)}`),
  sharedStorage: (audience, platform) =>
    request("GET", `/api/v3/configuration/shared-storage/${audience}/${encodeURIComponent(platform)}`),
  checkSharedStorage: (path) => request("POST", "/api/v3/configuration/check/shared-storage", { path }),
  findBlender: () => request("GET", "/api/v3/configuration/check/blender"),
  checkBlender: (path) => request("POST", "/api/v3/configuration/check/blender", { path }),
  saveSetup: (setup) => request("POST", "/api/v3/configuration/setup-assistant", setup),
  configurationFile: () => request("GET", "/api/v3/configuration/file"),
  updateConfigurationFile: (config) => request("PUT", "/api/v3/configuration/file", config),
  // Pipeline controls (issue 9, additions on /api/v3): limits, masks, needs, tickets, hardware.
  jobControls: (id) => request("GET", `/api/v3/jobs/${id}/controls`),
  updateJobControls: (id, controls) => request("POST", `/api/v3/jobs/${id}/controls`, controls),
  tickets: () => request("GET", "/api/v3/pipeline/tickets"),
  setTicket: (name, settings) => request("PUT", `/api/v3/pipeline/tickets/${encodeURIComponent(name)}`, settings),
  workerResources: (id) => request("GET", `/api/v3/worker-mgt/workers/${id}/resources`),
  setWorkerProperties: (id, properties) =>
    request("POST", `/api/v3/worker-mgt/workers/${id}/properties`, { properties }),
};
