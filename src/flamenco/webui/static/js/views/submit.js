// Submit a job from the browser. The form is built from the job type's declared settings (type,
// choices, default, required, min/max) and sent as any client would send it: the Manager validates
// it, and its message is shown as it is, with the settings it names marked.

import { computed, nextTick, reactive, ref, watch, onMounted } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { navigate, RouterLink } from "../router.js";
import { useKeys } from "../keys.js";
import { notify } from "../notify.js";
import { humanize } from "../format.js";

const LAST_TYPE = "flamenco.submit.type";
const SHOWN = new Set([undefined, "visible", "submission"]); // `web`/`hidden` go under "More settings"

function initialValue(setting) {
  if (setting.default !== undefined) return setting.type === "bool" ? Boolean(setting.default) : String(setting.default);
  return setting.type === "bool" ? false : "";
}

/** The value to send, or undefined to leave the setting out (the Manager then applies its default). */
export function settingValue(setting, raw) {
  if (setting.type === "bool") return Boolean(raw);
  const text = String(raw ?? "");
  if (text.trim() === "") return undefined;
  if (setting.type === "int32") return /^[-+]?\d+$/.test(text.trim()) ? Number(text) : text;
  if (setting.type === "float") return Number.isFinite(Number(text)) ? Number(text) : text;
  return text;
}

export const SubmitView = {
  components: { RouterLink },
  setup() {
    const state = reactive({
      types: [], type: "", jobType: null, name: "", priority: "50", values: {}, metadata: [],
      error: "", badKeys: [], submitting: false, loading: true,
    });
    const firstField = ref(null);

    onMounted(async () => {
      try {
        const { job_types: types } = await api.jobTypes();
        state.types = types;
        const last = localStorage.getItem(LAST_TYPE);
        state.type = types.some((t) => t.name === last) ? last : types[0]?.name || "";
      } catch (error) {
        state.error = error.message;
      } finally {
        state.loading = false;
      }
    });
    watch(() => state.type, async (name) => {
      if (!name) return;
      localStorage.setItem(LAST_TYPE, name);
      try {
        const jobType = await api.jobType(name);
        if (name !== state.type) return;
        state.jobType = jobType;
        state.values = Object.fromEntries(jobType.settings.map((s) => [s.key, initialValue(s)]));
        state.error = "";
        state.badKeys = [];
      } catch (error) {
        state.error = error.message;
      }
    });

    const mainSettings = computed(() => (state.jobType?.settings || []).filter((s) => SHOWN.has(s.visible)));
    const moreSettings = computed(() => (state.jobType?.settings || []).filter((s) => !SHOWN.has(s.visible)));

    async function submit() {
      if (!state.jobType || state.submitting) return;
      const settings = {};
      for (const setting of state.jobType.settings) {
        const value = settingValue(setting, state.values[setting.key]);
        if (value !== undefined) settings[setting.key] = value;
      }
      const metadata = Object.fromEntries(state.metadata.filter((m) => m.key.trim()).map((m) => [m.key.trim(), m.value]));
      const priority = /^[-+]?\d+$/.test(String(state.priority).trim()) ? Number(state.priority) : state.priority;
      const job = { name: state.name, type: state.type, priority, settings, metadata };
      state.submitting = true;
      try {
        const created = await api.submitJob(job);
        notify(`Submitted “${created.name}”`);
        navigate(`/jobs/${created.id}`);
      } catch (error) {
        state.error = error.message;
        state.badKeys = [...error.message.matchAll(/setting '([^']+)'/g)].map((m) => m[1]);
        await nextTick();
        document.getElementById("submit-error")?.scrollIntoView({ block: "center" });
      } finally {
        state.submitting = false;
      }
    }

    useKeys({ "/": () => firstField.value?.focus() });

    const inputType = (s) => (s.type === "int32" || s.type === "float" ? "number" : "text");
    const step = (s) => (s.type === "int32" ? "1" : "any");
    return { state, mainSettings, moreSettings, submit, inputType, step, humanize, firstField };
  },
  template: `
  <section class="page submit-page">
    <header class="page-head"><h1>Submit a job</h1></header>
    <form class="form" novalidate @submit.prevent="submit" aria-describedby="submit-error">
      <p v-if="state.error" id="submit-error" class="error-box" role="alert" data-testid="submit-error">{{ state.error }}</p>
      <div class="field">
        <label for="f-type">Job type</label>
        <select id="f-type" v-model="state.type" ref="firstField">
          <option v-for="t in state.types" :key="t.name" :value="t.name">{{ t.label }} ({{ t.name }})</option>
        </select>
      </div>
      <div class="field-row">
        <div class="field grow">
          <label for="f-name">Name <span class="req" aria-hidden="true">*</span></label>
          <input id="f-name" v-model="state.name" required autocomplete="off" placeholder="e.g. shot 010 lighting">
        </div>
        <div class="field narrow">
          <label for="f-priority">Priority</label>
          <input id="f-priority" v-model="state.priority" type="number" step="1">
        </div>
      </div>
      <template v-for="group in [mainSettings, moreSettings]">
        <component :is="group === moreSettings ? 'details' : 'div'" v-if="group.length" class="settings"
                   :class="{more: group === moreSettings}">
          <summary v-if="group === moreSettings">More settings ({{ group.length }})</summary>
          <div v-for="s in group" :key="s.key" class="field" :class="{invalid: state.badKeys.includes(s.key)}">
            <template v-if="s.type === 'bool'">
              <label class="check"><input :id="'f-s-' + s.key" type="checkbox" v-model="state.values[s.key]" :name="s.key">
                {{ humanize(s.key) }}</label>
            </template>
            <template v-else>
              <label :for="'f-s-' + s.key">{{ humanize(s.key) }}
                <span v-if="s.required" class="req" aria-hidden="true">*</span>
                <code class="muted key">{{ s.key }}</code></label>
              <select v-if="s.choices" :id="'f-s-' + s.key" v-model="state.values[s.key]" :name="s.key" :required="s.required">
                <option v-if="!s.required || s.default === undefined" value="">—</option>
                <option v-for="c in s.choices" :key="c" :value="c">{{ c }}</option>
              </select>
              <input v-else :id="'f-s-' + s.key" v-model="state.values[s.key]" :name="s.key" :type="inputType(s)" :step="step(s)"
                     :min="s.propargs && s.propargs.min" :max="s.propargs && s.propargs.max" :required="s.required"
                     :class="{mono: s.subtype}" :placeholder="s.eval ? 'computed by Blender: ' + s.eval : ''"
                     :aria-invalid="state.badKeys.includes(s.key) || null">
            </template>
            <p class="help-text" v-if="s.description">{{ s.description }}</p>
          </div>
        </component>
      </template>
      <fieldset class="metadata">
        <legend>Metadata</legend>
        <div v-for="(m, i) in state.metadata" :key="i" class="field-row">
          <input v-model="m.key" placeholder="key, e.g. project" aria-label="Metadata key">
          <input v-model="m.value" placeholder="value" aria-label="Metadata value" class="grow">
          <button type="button" class="btn" @click="state.metadata.splice(i, 1)" aria-label="Remove">×</button>
        </div>
        <button type="button" class="btn" @click="state.metadata.push({key: '', value: ''})">Add metadata</button>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="btn primary" :disabled="state.submitting || !state.jobType" data-testid="submit">
          {{ state.submitting ? 'Submitting…' : 'Submit job' }}</button>
        <RouterLink to="/jobs" class="link">Cancel</RouterLink>
      </div>
    </form>
  </section>`,
};
