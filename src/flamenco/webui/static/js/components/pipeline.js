// Pipeline controls (issue 9), as panels the job and worker pages embed: a job's and its blocks'
// limits, host masks, needs and tickets; a worker's hardware and properties; the farm's tickets.
// All through /api/v3 (tag pipeline); the Manager checks every request and says what is wrong.

import { reactive, watch, onMounted } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { notify } from "../notify.js";

const NEEDS = ["need_os", "need_properties", "need_memory_mb", "need_gpu_mem_mb", "need_cpu_cores",
  "need_cpu_freq_mhz", "need_hdd_gb", "need_power"];

/** One line per kind of control, for the controls table. */
export function describeControls(c) {
  const limits = [];
  if (c.max_running_tasks != null) limits.push(`max ${c.max_running_tasks}`);
  if (c.max_running_tasks_per_host != null) limits.push(`max ${c.max_running_tasks_per_host} per worker`);
  const where = [];
  if (c.hosts_mask) where.push(`hosts ${c.hosts_mask}`);
  if (c.hosts_mask_exclude) where.push(`not ${c.hosts_mask_exclude}`);
  if (where.length && c.hosts_mask_type === "find") where.push("(find)");
  for (const key of NEEDS) if (c[key] != null && c[key] !== "") where.push(`${key.replace("need_", "")} ${c[key]}`);
  const tickets = Object.entries(c.tickets || {}).map(([name, n]) => `${name}:${n}`);
  return { limits: limits.join(", ") || "—", where: where.join(" · ") || "—", tickets: tickets.join(", ") || "—" };
}

async function attempt(call, done) {
  try {
    const result = await call();
    if (done) notify(done);
    return result ?? true;
  } catch (error) {
    notify(error.message, { kind: "error" });
    return null;
  }
}

/** A job's controls and its blocks', with a small form for the commonest ones. */
export const JobControlsPanel = {
  props: { jobId: { type: String, required: true }, version: { type: Number, default: 0 } },
  setup(props) {
    const state = reactive({ data: null, error: "", busy: false });
    const form = reactive({ max: "", mask: "", ticket: "" });
    const load = async () => {
      try {
        state.data = await api.jobControls(props.jobId);
        state.error = "";
        const c = state.data.controls;
        form.max = c.max_running_tasks ?? "";
        form.mask = c.hosts_mask ?? "";
        form.ticket = Object.entries(c.tickets || {}).map(([n, k]) => `${n}=${k}`).join(" ");
      } catch (error) {
        state.error = error.message;
      }
    };
    watch(() => [props.jobId, props.version], load, { immediate: true });
    const save = async () => {
      const tickets = {};
      for (const word of form.ticket.split(/[\s,]+/).filter(Boolean)) {
        const [name, count] = word.split("=");
        tickets[name] = Number(count || 1);
      }
      const body = {
        max_running_tasks: form.max === "" ? null : Number(form.max),
        hosts_mask: form.mask || null,
        tickets,
      };
      state.busy = true;
      const answer = await attempt(() => api.updateJobControls(props.jobId, body), "Job controls saved");
      if (answer) await load();
      state.busy = false;
    };
    return { state, form, save, describeControls };
  },
  template: `
    <div class="job-controls" data-testid="job-controls">
      <p v-if="state.error" class="error-box" role="alert">{{ state.error }}</p>
      <template v-if="state.data">
        <table class="grid compact">
          <thead><tr><th>Where</th><th>Running</th><th>Limits</th><th>Masks and needs</th><th>Tickets</th><th>Workers</th></tr></thead>
          <tbody>
            <tr data-testid="controls-job">
              <td>job</td><td>{{ state.data.running_tasks }}</td>
              <td>{{ describeControls(state.data.controls).limits }}</td>
              <td>{{ describeControls(state.data.controls).where }}</td>
              <td>{{ describeControls(state.data.controls).tickets }}</td><td></td>
            </tr>
            <tr v-for="b in state.data.blocks" :key="b.name" :data-block-name="b.name">
              <td>block {{ b.name }} <span v-if="b.implicit" class="muted">(implicit)</span></td>
              <td>{{ b.running_tasks }}</td>
              <td>{{ describeControls(b.controls).limits }}</td>
              <td>{{ describeControls(b.controls).where }}</td>
              <td>{{ describeControls(b.controls).tickets }}</td>
              <td data-testid="eligible">{{ b.eligible_workers == null ? 'all' : b.eligible_workers }}</td>
            </tr>
          </tbody>
        </table>
        <form class="controls-form" @submit.prevent="save">
          <label>Max running <input data-testid="controls-max" type="number" min="0" v-model="form.max" placeholder="no limit"></label>
          <label>Hosts mask <input data-testid="controls-mask" v-model="form.mask" placeholder="any worker (regex)"></label>
          <label>Tickets <input data-testid="controls-tickets" v-model="form.ticket" placeholder="NAME=1"></label>
          <button type="submit" class="btn" data-testid="controls-save" :disabled="state.busy">Save</button>
        </form>
      </template>
    </div>`,
};

/** A worker's last hardware report, its properties (editable) and the tickets it holds. */
export const WorkerResourcesPanel = {
  props: { workerId: { type: String, required: true } },
  setup(props) {
    const state = reactive({ info: null, properties: "", busy: false });
    const load = async () => {
      try {
        state.info = await api.workerResources(props.workerId);
        state.properties = state.info.properties;
      } catch {
        state.info = null;
      }
    };
    watch(() => props.workerId, load, { immediate: true });
    const save = async () => {
      state.busy = true;
      const ok = await attempt(() => api.setWorkerProperties(props.workerId, state.properties), "Properties saved");
      if (ok) await load();
      state.busy = false;
    };
    const mb = (v) => (v == null ? "—" : v >= 1024 ? `${(v / 1024).toFixed(1)} GB` : `${v} MB`);
    return { state, save, mb };
  },
  template: `
    <div class="worker-resources" data-testid="worker-resources" v-if="state.info">
      <h3>Hardware</h3>
      <dl class="kv">
        <dt>CPU</dt><dd data-testid="hw-cpu">{{ state.info.resources.cpu_cores ?? '—' }} cores<span v-if="state.info.resources.cpu_freq_mhz">, {{ state.info.resources.cpu_freq_mhz }} MHz</span><span v-if="state.info.resources.arch"> ({{ state.info.resources.arch }})</span></dd>
        <dt>Memory</dt><dd data-testid="hw-mem">{{ mb(state.info.resources.mem_free_mb) }} free of {{ mb(state.info.resources.mem_total_mb) }}</dd>
        <dt>GPU memory</dt><dd>{{ state.info.resources.gpu_mem_total_mb == null ? 'none reported' : mb(state.info.resources.gpu_mem_free_mb) + ' free of ' + mb(state.info.resources.gpu_mem_total_mb) }}</dd>
        <dt>Disk free</dt><dd>{{ state.info.resources.hdd_free_gb == null ? '—' : state.info.resources.hdd_free_gb + ' GB' }}</dd>
        <dt>Load</dt><dd>{{ state.info.resources.load_avg ?? '—' }}</dd>
        <dt>OS</dt><dd>{{ state.info.resources.os_release || '—' }}</dd>
        <dt>Reported</dt><dd>{{ state.info.reported_at || 'never (this worker sends no reports)' }}</dd>
        <dt>Tickets held</dt><dd>{{ Object.entries(state.info.tickets).map(([n, k]) => n + ':' + k).join(', ') || '—' }}</dd>
      </dl>
      <form class="controls-form" @submit.prevent="save">
        <label>Properties <input data-testid="worker-properties" v-model="state.properties" placeholder="e.g. gpu nuke"></label>
        <button type="submit" class="btn" data-testid="worker-properties-save" :disabled="state.busy">Save</button>
      </form>
    </div>`,
};

/** The farm's tickets: capacity and use, and a form to define or change one. */
export const TicketsPanel = {
  setup() {
    const state = reactive({ tickets: [], loaded: false, error: "" });
    const form = reactive({ name: "", capacity: "", scope: "farm", busy: false });
    const load = async () => {
      try {
        state.tickets = (await api.tickets()).tickets;
        state.error = "";
      } catch (error) {
        state.error = error.message;
      } finally {
        state.loaded = true;
      }
    };
    onMounted(load);
    const save = async () => {
      form.busy = true;
      const ok = await attempt(
        () => api.setTicket(form.name.trim(), { capacity: Number(form.capacity), scope: form.scope }),
        `Ticket ${form.name} saved`,
      );
      if (ok) {
        form.name = "";
        form.capacity = "";
        await load();
      }
      form.busy = false;
    };
    return { state, form, save, load };
  },
  template: `
    <section class="tickets-panel" aria-label="Tickets" data-testid="tickets-panel">
      <h2>Tickets <button type="button" class="btn small" @click="load" title="Re-read">↻</button></h2>
      <p v-if="state.error" class="error-box" role="alert">{{ state.error }}</p>
      <table class="grid compact" v-if="state.tickets.length">
        <thead><tr><th>Name</th><th>Scope</th><th>In use</th><th>Capacity</th><th>Hosts</th></tr></thead>
        <tbody>
          <tr v-for="t in state.tickets" :key="t.name + t.scope" :data-ticket-name="t.name">
            <td>{{ t.name }}</td><td>{{ t.scope }}</td><td>{{ t.in_use }}</td>
            <td>{{ t.capacity }}<span v-if="t.scope === 'worker'" class="muted"> per worker</span></td>
            <td>{{ t.hosts }}<span v-if="t.max_hosts != null" class="muted"> of {{ t.max_hosts }}</span></td>
          </tr>
        </tbody>
      </table>
      <p v-else-if="state.loaded" class="muted">No tickets defined.</p>
      <form class="controls-form" @submit.prevent="save">
        <input data-testid="ticket-name" v-model="form.name" placeholder="NAME" required>
        <input data-testid="ticket-capacity" type="number" min="0" v-model="form.capacity" placeholder="capacity" required>
        <select data-testid="ticket-scope" v-model="form.scope"><option value="farm">farm</option><option value="worker">per worker</option></select>
        <button type="submit" class="btn" data-testid="ticket-save" :disabled="form.busy">Set</button>
      </form>
    </section>`,
};
