// A pipeline job's life (Afanasy's job model, docs/afanasy.md): what the job waits for (its
// dependency masks and the unfinished jobs they match now), the time before which it starts no
// task (counting down), when its life time deletes it, and the command run after its deletion.
// Read through /api/v3's `fetchJobLife`; the masks and times are edited with `updateJobLife`.

import { reactive, watch, onUnmounted } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { notify } from "../notify.js";

/** "2 h 05 min 09 s", "3 min 20 s", "45 s": how long until `target` (Date), from `now` (ms). */
export function countdown(target, now) {
  const seconds = Math.max(0, Math.round((target.getTime() - now) / 1000));
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  if (h) return `${h} h ${String(m).padStart(2, "0")} min ${String(s).padStart(2, "0")} s`;
  if (m) return `${m} min ${String(s).padStart(2, "0")} s`;
  return `${s} s`;
}

export const JobLifePanel = {
  props: { jobId: { type: String, required: true }, version: { type: Number, default: 0 } },
  setup(props) {
    const state = reactive({ life: null, error: "", now: Date.now(), editing: false, busy: false, form: {} });
    const load = async () => {
      try {
        state.life = await api.jobLife(props.jobId);
        state.error = "";
      } catch (error) {
        state.error = error.message;
      }
    };
    watch(() => [props.jobId, props.version], load, { immediate: true });
    const timer = setInterval(() => {
      state.now = Date.now();
      // The wait is over: the Manager lifts it within a second; show what it says then.
      if (state.life?.time_wait && new Date(state.life.time_wait).getTime() <= state.now - 1500) load();
    }, 1000);
    onUnmounted(() => clearInterval(timer));
    const edit = () => {
      const life = state.life || {};
      state.form = {
        depend_mask: life.depend_mask || "",
        depend_mask_global: life.depend_mask_global || "",
        time_wait: life.time_wait ? life.time_wait.replace("Z", "").slice(0, 16) : "",
        time_life: life.time_life ?? "",
        command_post: life.command_post || "",
      };
      state.editing = true;
    };
    const save = async () => {
      const form = state.form;
      const body = {
        depend_mask: form.depend_mask || null,
        depend_mask_global: form.depend_mask_global || null,
        time_wait: form.time_wait ? new Date(form.time_wait + "Z").toISOString() : null,
        time_life: form.time_life === "" ? null : Number(form.time_life),
        command_post: form.command_post || null,
      };
      state.busy = true;
      try {
        state.life = await api.updateJobLife(props.jobId, body);
        state.editing = false;
        notify("Job life saved");
      } catch (error) {
        notify(error.message, { kind: "error" });
      } finally {
        state.busy = false;
      }
    };
    const until = (when) => countdown(new Date(when), state.now);
    const exact = (when) => new Date(when).toISOString().replace("T", " ").slice(0, 19) + " UTC";
    return { state, edit, save, until, exact };
  },
  template: `
    <section class="job-life" data-testid="job-life" aria-label="Pipeline life">
      <h2>Pipeline <button v-if="state.life && !state.editing" type="button" class="link" data-testid="life-edit" @click="edit">edit</button></h2>
      <p v-if="state.error" class="error-box">{{ state.error }}</p>
      <dl v-if="state.life && !state.editing" class="kv">
        <dt>Waits for</dt>
        <dd data-testid="life-waits-for">
          <template v-if="state.life.waits_for.length">
            <span v-for="name in state.life.waits_for" :key="name" class="chip" data-testid="life-waits-chip">{{ name }}</span>
          </template>
          <span v-else class="muted">no jobs</span>
        </dd>
        <template v-if="state.life.depend_mask"><dt>Depend mask</dt><dd><code data-testid="life-depend-mask">{{ state.life.depend_mask }}</code> <span class="muted">({{ state.life.user_name || 'no user' }}'s jobs)</span></dd></template>
        <template v-if="state.life.depend_mask_global"><dt>Global mask</dt><dd><code>{{ state.life.depend_mask_global }}</code> <span class="muted">(anyone's jobs)</span></dd></template>
        <template v-if="state.life.time_wait"><dt>Starts in</dt><dd data-testid="life-time-wait" :title="exact(state.life.time_wait)">{{ until(state.life.time_wait) }} <span class="muted">({{ exact(state.life.time_wait) }})</span></dd></template>
        <template v-if="state.life.time_life != null"><dt>Life time</dt><dd data-testid="life-time-life" :title="exact(state.life.deleted_at)">{{ state.life.time_life }} s — deleted in {{ until(state.life.deleted_at) }}</dd></template>
        <template v-if="state.life.command_post"><dt>After deletion</dt><dd><code data-testid="life-command-post">{{ state.life.command_post }}</code></dd></template>
      </dl>
      <form v-if="state.editing" class="life-edit" @submit.prevent="save" @keydown.esc.stop="state.editing = false">
        <label>Depend mask <input data-testid="life-input-depend-mask" v-model="state.form.depend_mask" placeholder="regular expression"></label>
        <label>Global mask <input data-testid="life-input-depend-mask-global" v-model="state.form.depend_mask_global" placeholder="regular expression"></label>
        <label>Not before (UTC) <input type="datetime-local" data-testid="life-input-time-wait" v-model="state.form.time_wait"></label>
        <label>Life time (s) <input type="number" min="0" data-testid="life-input-time-life" v-model="state.form.time_life"></label>
        <label>Post command <input data-testid="life-input-command-post" v-model="state.form.command_post"></label>
        <button type="submit" class="btn" data-testid="life-save" :disabled="state.busy">Save</button>
        <button type="button" class="btn" @click="state.editing = false">Cancel</button>
      </form>
    </section>`,
};
