// The workers table and, at /app/workers/<id>, one worker's details and the requests a person can
// make of it. Status changes arrive live; what a worker is running and when it was last seen change
// without a worker event, so the list is also re-read every few seconds while shown.

import { computed, reactive, ref, watch, nextTick, onMounted, onUnmounted } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { useEvent, useSubscription, useSynced, throttle } from "../live.js";
import { route, navigate, RouterLink } from "../router.js";
import { useKeys } from "../keys.js";
import { notify, runAll } from "../notify.js";
import { confirm } from "../confirm.js";
import { SleepSchedule } from "../components/sleepschedule.js";
import { ago, count, exact } from "../format.js";
import { StatusBadge } from "../components/common.js";
import { WorkerTagsControl } from "../components/farmtags.js";
import { TicketsPanel, WorkerResourcesPanel } from "../components/pipeline.js";

const REFRESH_MS = 5000;

// `status` is what requestWorkerStatusChange asks for; "offline" is how a worker is shut down.
export const WORKER_ACTIONS = [
  { id: "wake", label: "Wake up", status: "awake", lazy: false, key: "w" },
  { id: "sleep-lazy", label: "Sleep after task", status: "asleep", lazy: true, key: "s" },
  { id: "sleep-now", label: "Sleep now", status: "asleep", lazy: false, key: "S" },
  { id: "off-lazy", label: "Shut down after task", status: "offline", lazy: true, key: "q" },
  { id: "off-now", label: "Shut down now", status: "offline", lazy: false, key: "Q" },
];

export const WorkersView = {
  components: { StatusBadge, RouterLink, SleepSchedule, WorkerTagsControl, WorkerResourcesPanel, TicketsPanel },
  setup() {
    const state = reactive({ rows: [], loaded: false, error: "", cursor: 0, detail: null, detailError: "" });
    // Worker id → tag names. Tags are Flamenco 3.8's (/api/v3), not in the seed list: each worker's
    // details are read once, and again when that worker changes (not on the periodic refresh).
    const tagNames = reactive({});
    const loadTagsOf = async (id) => {
      try {
        tagNames[id] = ((await api.v3Worker(id)).tags || []).map((t) => t.name);
      } catch {
        // shown without tags; the next change of the worker tries again
      }
    };
    const workerId = computed(() => route.params.workerId || "");
    const subscribed = useSubscription("allWorkers");

    const load = useSynced(async () => {
      try {
        const result = await api.workers();
        result.workers.sort((a, b) => a.nickname.localeCompare(b.nickname));
        state.rows = result.workers;
        state.error = "";
        for (const worker of result.workers) if (!(worker.id in tagNames)) loadTagsOf(worker.id);
        const open = state.rows.findIndex((w) => w.id === workerId.value);
        if (open >= 0) state.cursor = open;
        state.cursor = Math.min(state.cursor, Math.max(0, state.rows.length - 1));
      } catch (error) {
        state.error = error.message;
      } finally {
        state.loaded = true;
      }
    });
    const loadDetail = useSynced(async () => {
      const id = workerId.value;
      if (!id) return;
      try {
        const worker = await api.worker(id);
        if (id === workerId.value) Object.assign(state, { detail: worker, detailError: "" });
      } catch (error) {
        if (id === workerId.value) state.detailError = error.message;
      }
    });
    const refresh = throttle(() => {
      load();
      if (workerId.value) loadDetail();
    }, 500);

    subscribed.promise.then(load);
    watch(workerId, (id) => {
      state.detail = null;
      state.detailError = "";
      if (id) subscribed.promise.then(loadDetail);
    }, { immediate: true });
    let timer = null;
    onMounted(() => (timer = setInterval(refresh, REFRESH_MS)));
    onUnmounted(() => clearInterval(timer));

    useEvent("/workers", (update) => {
      if (update.deleted_at) {
        state.rows = state.rows.filter((w) => w.id !== update.id);
        if (workerId.value === update.id) {
          notify(`Worker deleted: ${update.nickname}`);
          navigate("/workers");
        }
        return;
      }
      loadTagsOf(update.id); // a worker event follows every change of its tags
      const targets = [state.rows.find((w) => w.id === update.id), state.detail?.id === update.id ? state.detail : null];
      if (!targets[0]) {
        refresh();
        return;
      }
      for (const worker of targets) {
        if (!worker) continue;
        Object.assign(worker, { nickname: update.nickname, status: update.status, version: update.version });
        if (update.status_change) worker.status_change = update.status_change;
        else delete worker.status_change;
      }
      refresh();
    });

    const open = (worker) => navigate(`/workers/${worker.id}`);
    const target = () => state.detail || state.rows[state.cursor];
    const act = (action, worker = target()) =>
      worker &&
      runAll([worker], (w) => api.setWorkerStatus(w.id, action.status, action.lazy), {
        what: action.label,
        label: (w) => w.nickname,
      });
    const move = (delta) => {
      if (!state.rows.length) return;
      state.cursor = Math.min(Math.max(0, state.cursor + delta), state.rows.length - 1);
      if (workerId.value) navigate(`/workers/${state.rows[state.cursor].id}`, { replace: true });
      nextTick(() => document.querySelector(".workers-table tr.cursor")?.scrollIntoView({ block: "nearest" }));
    };
    const keys = {
      j: () => move(1),
      k: () => move(-1),
      o: () => state.rows[state.cursor] && open(state.rows[state.cursor]),
      Escape: () => workerId.value && navigate("/workers"),
    };
    for (const action of WORKER_ACTIONS) keys[action.key] = () => act(action);
    keys.D = () => remove();
    useKeys(keys);

    async function remove(worker = target()) {
      if (!worker) return;
      const yes = await confirm({
        title: `Delete worker ${worker.nickname}?`,
        lines: [
          "It is removed from the farm and its credentials stop working; a task it is running goes back to the queue.",
          "A worker process that is still running registers again, as a new worker. Shut it down first to keep it away.",
        ],
        action: "Delete worker",
      });
      if (!yes) return;
      const ok = await runAll([worker], (w) => api.deleteWorker(w.id), { what: "Deleted", label: (w) => w.nickname });
      if (ok) {
        state.rows = state.rows.filter((w) => w.id !== worker.id);
        if (workerId.value === worker.id) navigate("/workers");
      }
    }

    const requested = (worker) =>
      worker.status_change ? `→ ${worker.status_change.status}${worker.status_change.is_lazy ? " after task" : ""}` : "";

    return { state, tagNames, workerId, open, act, remove, requested, WORKER_ACTIONS, ago, count, exact, origin: window.location.origin };
  },
  template: `
  <section class="page workers-page" :class="{'with-detail': workerId}">
    <header class="page-head">
      <h1>Workers <span class="muted count" data-testid="workers-total">{{ count(state.rows.length) }}</span></h1>
    </header>
    <p v-if="state.error" class="error-box" role="alert">{{ state.error }}</p>
    <div class="split">
      <div class="table-wrap">
        <table class="grid workers-table" :aria-busy="!state.loaded">
          <thead><tr>
            <th>Name</th><th>Status</th><th class="hide-narrow">Platform</th><th class="hide-narrow">Version</th>
            <th class="hide-narrow hide-split">Task types</th><th class="hide-narrow hide-split">Tags</th><th>Current task</th><th>Last seen</th>
          </tr></thead>
          <tbody>
            <tr v-for="(w, i) in state.rows" :key="w.id" :data-worker-id="w.id" :data-status="w.status"
                :class="{cursor: i === state.cursor, open: w.id === workerId}" @click="open(w)">
              <td class="col-name"><RouterLink :to="'/workers/' + w.id" class="row-link">{{ w.nickname }}</RouterLink></td>
              <td><StatusBadge :status="w.status" /> <span v-if="w.status_change" class="requested">{{ requested(w) }}</span></td>
              <td class="hide-narrow">{{ w.platform || '' }}</td>
              <td class="hide-narrow muted">{{ w.version }}</td>
              <td class="hide-narrow hide-split muted">{{ (w.supported_task_types || []).join(', ') }}</td>
              <td class="hide-narrow hide-split col-tags">{{ (tagNames[w.id] || []).join(', ') }}</td>
              <td class="col-task"><RouterLink v-if="w.task" :to="'/jobs/' + w.task.job_id + '/' + w.task.id" @click.stop>{{ w.task.name }}</RouterLink></td>
              <td :title="exact(w.last_seen)">{{ ago(w.last_seen) }}</td>
            </tr>
          </tbody>
        </table>
        <div v-if="state.loaded && !state.rows.length && !state.error" class="empty">
          No workers yet. Start one with <code>flamenco-worker --manager {{ origin }}</code>.
        </div>
        <TicketsPanel />
      </div>
      <aside v-if="workerId" class="detail-pane">
        <section class="panel" aria-label="Worker details">
          <p v-if="state.detailError" class="error-box" role="alert">{{ state.detailError }}</p>
          <template v-if="state.detail">
            <header class="panel-head">
              <div>
                <div class="eyebrow">Worker <RouterLink to="/workers" class="link" title="Close (Esc)">× close</RouterLink></div>
                <h2 data-testid="worker-name">{{ state.detail.nickname }}</h2>
              </div>
              <StatusBadge :status="state.detail.status" data-testid="worker-status" />
            </header>
            <p v-if="state.detail.status_change" class="requested">Requested: {{ requested(state.detail) }}</p>
            <div class="actions wrap" role="group" aria-label="Worker actions">
              <button v-for="a in WORKER_ACTIONS" :key="a.id" type="button" class="btn" :class="'act-' + a.id"
                      @click="act(a, state.detail)" :title="a.label + ' (' + (a.key === a.key.toUpperCase() ? 'Shift+' + a.key : a.key) + ')'">
                {{ a.label }}<kbd>{{ a.key === a.key.toUpperCase() ? '⇧' + a.key.toLowerCase() : a.key }}</kbd></button>
              <button type="button" class="btn act-delete" @click="remove(state.detail)" title="Delete worker (Shift+D)">Delete<kbd>⇧d</kbd></button>
            </div>
            <dl class="kv">
              <dt>ID</dt><dd><code>{{ state.detail.id }}</code></dd>
              <dt>Address</dt><dd>{{ state.detail.ip_address }}</dd>
              <dt>Platform</dt><dd>{{ state.detail.platform }}</dd>
              <dt>Version</dt><dd>{{ state.detail.version }}</dd>
              <dt>Task types</dt><dd>{{ state.detail.supported_task_types.join(', ') }}</dd>
              <dt>Current task</dt><dd>
                <RouterLink v-if="state.detail.task" :to="'/jobs/' + state.detail.task.job_id + '/' + state.detail.task.id">{{ state.detail.task.name }}</RouterLink>
                <span v-else class="muted">none</span></dd>
              <dt>Last seen</dt><dd :title="exact(state.detail.last_seen)">{{ ago(state.detail.last_seen) }}</dd>
            </dl>
            <h3>Tags</h3>
            <WorkerTagsControl :worker-id="state.detail.id" />
            <SleepSchedule :worker-id="state.detail.id" />
            <WorkerResourcesPanel :worker-id="state.detail.id" />
          </template>
        </section>
      </aside>
    </div>
  </section>`,
};
