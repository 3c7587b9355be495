// Small pieces every screen uses.

import { computed } from "../../vendor/vue.esm-browser.prod.js";
import { connection, reconnectNow } from "../live.js";
import { toasts, dismiss } from "../notify.js";
import { help, SHORTCUTS } from "../keys.js";
import { count } from "../format.js";

export const StatusBadge = {
  props: { status: { type: String, required: true } },
  template: `<span class="badge" :class="'s-' + status">{{ status }}</span>`,
};

// Segments in the order a job moves through them; their colours are the status colours.
const SEGMENTS = ["completed", "active", "soft-failed", "failed", "canceled", "paused"];

export const Progress = {
  props: { counts: { type: Object, default: null }, wide: Boolean },
  setup(props) {
    const parts = computed(() => {
      const counts = props.counts;
      if (!counts || !counts.total) return [];
      return SEGMENTS.filter((s) => counts[s]).map((s) => ({ status: s, pct: (100 * counts[s]) / counts.total }));
    });
    const label = computed(() => {
      const c = props.counts;
      if (!c) return "";
      return c.total ? `${count(c.completed)} / ${count(c.total)}` : "no tasks";
    });
    const title = computed(() => {
      const c = props.counts;
      if (!c) return "";
      return ["queued", ...SEGMENTS].filter((s) => c[s]).map((s) => `${count(c[s])} ${s}`).join(", ");
    });
    return { parts, label, title };
  },
  template: `
    <div class="progress" :class="{wide}" :title="title" v-if="counts">
      <div class="bar" role="progressbar" :aria-valuenow="counts.completed" aria-valuemin="0" :aria-valuemax="counts.total">
        <span v-for="p in parts" :key="p.status" :class="'seg s-' + p.status" :style="{width: p.pct + '%'}"></span>
      </div>
      <span class="progress-label">{{ label }}</span>
    </div>`,
};

export const ConnectionIndicator = {
  setup() {
    const text = computed(
      () => ({ live: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…", offline: "Offline" })[connection.state],
    );
    const title = computed(() => {
      if (connection.state === "live") return "Connected: changes on the farm show up as they happen";
      const why = connection.error ? ` (${connection.error})` : "";
      return `Not connected${why}; retrying by itself. Click to retry now.`;
    });
    return { connection, text, title, reconnectNow };
  },
  template: `
    <button type="button" class="conn" :class="'conn-' + connection.state" :title="title"
            data-testid="connection" :data-state="connection.state" @click="reconnectNow" aria-live="polite">
      <span class="dot" aria-hidden="true"></span>{{ text }}
    </button>`,
};

export const Toasts = {
  setup: () => ({ toasts, dismiss }),
  template: `
    <div class="toasts" role="status" aria-live="polite">
      <div v-for="t in toasts" :key="t.id" class="toast" :class="'toast-' + t.kind" :role="t.kind === 'error' ? 'alert' : null">
        <div class="toast-text">{{ t.text }}</div>
        <ul v-if="t.details.length" class="toast-details"><li v-for="(d, i) in t.details" :key="i">{{ d }}</li></ul>
        <button type="button" class="toast-close" @click="dismiss(t.id)" aria-label="Dismiss">×</button>
      </div>
    </div>`,
};

export const HelpPanel = {
  setup: () => ({ help, SHORTCUTS }),
  template: `
    <div v-if="help.open" class="overlay" @click.self="help.open = false">
      <section class="help" role="dialog" aria-modal="true" aria-labelledby="help-title">
        <header><h2 id="help-title">Keyboard shortcuts</h2>
          <button type="button" class="icon-button" @click="help.open = false" aria-label="Close">×</button></header>
        <div class="help-groups">
          <div v-for="[group, keys] in SHORTCUTS" :key="group" class="help-group">
            <h3>{{ group }}</h3>
            <dl><template v-for="[k, what] in keys" :key="k"><dt><kbd>{{ k }}</kbd></dt><dd>{{ what }}</dd></template></dl>
          </div>
        </div>
      </section>
    </div>`,
};

export const KeyValues = {
  props: { values: { type: Object, default: () => ({}) }, empty: { type: String, default: "none" } },
  setup(props) {
    const entries = computed(() =>
      Object.entries(props.values || {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    return { entries };
  },
  template: `
    <dl class="kv" v-if="entries.length"><template v-for="[k, v] in entries" :key="k"><dt>{{ k }}</dt><dd>{{ v }}</dd></template></dl>
    <p class="muted" v-else>{{ empty }}</p>`,
};

/** "Status" filter chips; `modelValue` is the list of statuses shown (empty: all). */
export const StatusChips = {
  props: { statuses: { type: Array, required: true }, modelValue: { type: Array, required: true }, counts: Object },
  emits: ["update:modelValue"],
  setup(props, { emit }) {
    const toggle = (status) => {
      const set = new Set(props.modelValue);
      set.has(status) ? set.delete(status) : set.add(status);
      emit("update:modelValue", props.statuses.filter((s) => set.has(s)));
    };
    return { toggle, count };
  },
  template: `
    <div class="chips" role="group" aria-label="Filter by status">
      <button v-for="s in statuses" :key="s" type="button" class="chip" :class="['s-' + s, {on: modelValue.includes(s)}]"
              :aria-pressed="modelValue.includes(s)" @click="toggle(s)">
        <span class="chip-dot"></span>{{ s }}<span v-if="counts" class="chip-count">{{ count(counts[s] || 0) }}</span>
      </button>
      <button v-if="modelValue.length" type="button" class="chip chip-clear" @click="$emit('update:modelValue', [])">all</button>
    </div>`,
};
