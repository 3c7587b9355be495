// The blocks of a pipeline job (Afanasy's model, docs/afanasy.md): each block's service, frames
// and tasks, progress, state codes and the blocks it waits for (fetchJobBlocks on /api/v3).

import { reactive, watch } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { count } from "../format.js";
import { Progress } from "./common.js";

/** `1-100 /2 · 10 per task` for a frame range; `listed tasks` for a block of named tasks. */
export function blockFrames(block) {
  if (!block.numeric) return "listed tasks";
  let text = `${block.frame_first}-${block.frame_last}`;
  if (block.frames_inc > 1) text += ` /${block.frames_inc}`;
  if (block.frames_per_task > 1) text += ` · ${block.frames_per_task} per task`;
  return text;
}

export const BlocksPanel = {
  components: { Progress },
  props: { jobId: { type: String, required: true }, version: { type: Number, default: 0 } },
  emits: ["count"],
  setup(props, { emit }) {
    const state = reactive({ blocks: [], loaded: false, error: "" });
    const load = async () => {
      const id = props.jobId;
      try {
        const answer = await api.jobBlocks(id);
        if (id !== props.jobId) return;
        state.blocks = answer.blocks;
        state.error = "";
        emit("count", state.blocks.length);
      } catch (error) {
        state.error = error.message;
      } finally {
        state.loaded = true;
      }
    };
    watch(() => [props.jobId, props.version], load, { immediate: true });
    const counts = (block) => ({ ...block.task_counts, total: Object.values(block.task_counts).reduce((a, b) => a + b, 0) });
    return { state, counts, blockFrames, count };
  },
  template: `
    <div class="blocks" data-testid="blocks">
      <p v-if="state.error" class="error-box" role="alert">{{ state.error }}</p>
      <table v-if="state.blocks.length" class="grid compact blocks-table">
        <thead><tr><th>Block</th><th>Service</th><th>Frames</th><th>Tasks</th><th>Progress</th><th>State</th><th>Waits for</th></tr></thead>
        <tbody>
          <tr v-for="b in state.blocks" :key="b.index" :data-block="b.name">
            <td class="block-name" :title="b.command">{{ b.name }}</td>
            <td class="block-service">{{ b.service }}</td>
            <td class="block-frames">{{ blockFrames(b) }}</td>
            <td class="block-tasks">{{ count(b.tasks_count) }}</td>
            <td class="block-progress"><Progress :counts="counts(b)" /></td>
            <td class="block-state"><code>{{ b.state || '—' }}</code></td>
            <td class="block-waits">
              <span v-for="name in b.waits_for" :key="'b' + name" class="chip" :title="'waits until block ' + name + ' is done'">{{ name }}</span>
              <span v-for="name in b.tasks_wait_for" :key="'t' + name" class="chip" :title="'each task waits for the same frames of ' + name">{{ name }} (frames)</span>
              <span v-if="!b.waits_for.length && !b.tasks_wait_for.length" class="muted">—</span>
            </td>
          </tr>
        </tbody>
      </table>
      <p v-else-if="state.loaded && !state.error" class="muted" data-testid="blocks-empty">This job has no blocks (it is not a pipeline job).</p>
      <p class="muted hint">States: RDY runnable, RUN running, WD waiting for blocks, ERR failed tasks, OFF paused, DON done.</p>
    </div>`,
};
