// Flamenco 3.8's worker tags and job blocklists, as panels the job and worker pages embed. They
// read and write through /api/v3 (the seed API has neither); the Manager checks every request.

import { reactive, watch } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { notify } from "../notify.js";
import { RouterLink } from "../router.js";

/** Shared list of tags, read once per page and after every tag change made from this tab. */
export const tagList = reactive({ tags: [], loaded: false, error: "" });

export async function loadTags() {
  try {
    const result = await api.workerTags();
    tagList.tags = (result.tags || []).slice().sort((a, b) => a.name.localeCompare(b.name));
    tagList.error = "";
  } catch (error) {
    tagList.error = error.message;
  } finally {
    tagList.loaded = true;
  }
}

async function attempt(call, done) {
  try {
    await call();
    if (done) notify(done);
    return true;
  } catch (error) {
    notify(error.message, { kind: "error" });
    return false;
  }
}

/** The worker tag a job is limited to, and a menu to change it. `version` bumps re-read it. */
export const JobTagControl = {
  props: { jobId: { type: String, required: true }, version: { type: Number, default: 0 } },
  setup(props) {
    const state = reactive({ tagId: "", loaded: false, busy: false });
    const load = async () => {
      try {
        const job = await api.jobV3(props.jobId);
        state.tagId = job.worker_tag || "";
      } catch {
        // the job page shows the job's own errors
      } finally {
        state.loaded = true;
      }
    };
    watch(() => [props.jobId, props.version], load, { immediate: true });
    if (!tagList.loaded) loadTags();
    const change = async (event) => {
      const tagId = event.target.value;
      state.busy = true;
      const tag = tagList.tags.find((t) => t.id === tagId);
      const ok = await attempt(
        () => api.setJobTag(props.jobId, tagId),
        tagId ? `Job limited to workers tagged ${tag?.name ?? tagId}` : "Job may run on any worker",
      );
      if (ok) state.tagId = tagId;
      else event.target.value = state.tagId;
      state.busy = false;
    };
    return { state, tagList, change };
  },
  template: `
    <label class="tag-control">
      <span class="muted">Worker tag</span>
      <select data-testid="job-tag" :disabled="state.busy || !state.loaded" @change="change">
        <option value="" :selected="!state.tagId">any worker</option>
        <option v-for="t in tagList.tags" :key="t.id" :value="t.id" :selected="t.id === state.tagId">{{ t.name }}</option>
        <option v-if="state.tagId && !tagList.tags.some(t => t.id === state.tagId)" :value="state.tagId" selected>{{ state.tagId }}</option>
      </select>
    </label>`,
};

/** The workers blocked from a job after failing its tasks, each with a button that lifts the block. */
export const BlocklistPanel = {
  props: { jobId: { type: String, required: true }, version: { type: Number, default: 0 } },
  emits: ["count"],
  setup(props, { emit }) {
    const state = reactive({ entries: [], loaded: false, error: "" });
    const load = async () => {
      try {
        state.entries = await api.jobBlocklist(props.jobId);
        state.error = "";
        emit("count", state.entries.length);
      } catch (error) {
        state.error = error.message;
      } finally {
        state.loaded = true;
      }
    };
    watch(() => [props.jobId, props.version], load, { immediate: true });
    const remove = async (entry) => {
      const name = entry.worker_name || entry.worker_id;
      const entries = [{ worker_id: entry.worker_id, task_type: entry.task_type }];
      if (await attempt(() => api.removeJobBlocklist(props.jobId, entries), `${name} may run ${entry.task_type} tasks of this job again`))
        await load();
    };
    return { state, remove };
  },
  template: `
    <div class="blocklist" data-testid="blocklist">
      <p class="muted hint">A worker that fails too many tasks of one type in this job is kept away from that type
        here. Requeueing the job clears the list.</p>
      <p v-if="state.error" class="error-box" role="alert">{{ state.error }}</p>
      <table v-if="state.entries.length" class="grid compact">
        <thead><tr><th>Worker</th><th>Task type</th><th></th></tr></thead>
        <tbody>
          <tr v-for="e in state.entries" :key="e.worker_id + e.task_type" :data-worker-id="e.worker_id">
            <td>{{ e.worker_name || e.worker_id }}</td><td>{{ e.task_type }}</td>
            <td><button type="button" class="btn act-unblock" @click="remove(e)">Remove</button></td>
          </tr>
        </tbody>
      </table>
      <p v-else-if="state.loaded && !state.error" class="muted" data-testid="blocklist-empty">No worker is blocked from this job.</p>
    </div>`,
};

/** A worker's tags as checkboxes; Save sends the whole set (setWorkerTags). */
export const WorkerTagsControl = {
  components: { RouterLink },
  props: { workerId: { type: String, required: true } },
  setup(props) {
    const state = reactive({ chosen: [], saved: [], loaded: false, busy: false });
    const load = async () => {
      try {
        const worker = await api.v3Worker(props.workerId);
        state.saved = (worker.tags || []).map((t) => t.id);
        state.chosen = state.saved.slice();
      } catch {
        // the worker panel shows the worker's own errors
      } finally {
        state.loaded = true;
      }
    };
    watch(() => props.workerId, load, { immediate: true });
    if (!tagList.loaded) loadTags();
    const changed = () =>
      state.chosen.length !== state.saved.length || state.chosen.some((id) => !state.saved.includes(id));
    const save = async () => {
      state.busy = true;
      if (await attempt(() => api.setWorkerTags(props.workerId, state.chosen), "Worker tags saved")) await load();
      state.busy = false;
    };
    return { state, tagList, changed, save };
  },
  template: `
    <div class="worker-tags" data-testid="worker-tags">
      <p v-if="tagList.loaded && !tagList.tags.length" class="muted">No tags yet. <RouterLink to="/tags">Make one</RouterLink>.</p>
      <label v-for="t in tagList.tags" :key="t.id" class="check">
        <input type="checkbox" :value="t.id" v-model="state.chosen" :disabled="state.busy" :data-tag-name="t.name" /> {{ t.name }}
      </label>
      <button v-if="tagList.tags.length" type="button" class="btn act-save-tags" :disabled="state.busy || !changed()" @click="save">Save tags</button>
    </div>`,
};
