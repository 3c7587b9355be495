// A job's tasks, virtualised: a job of 10,000 tasks puts only the rows in view (plus a margin)
// into the page, so opening it and scrolling it cost the same as for a job of ten tasks.
//
// `rows` holds plain (non-reactive) task objects; live changes mutate them and bump `tick`, which
// re-renders the rows in view. Deep reactivity on 10,000 objects would cost more than it saves.

import { computed, onMounted, onUnmounted, ref, watch, nextTick } from "../../vendor/vue.esm-browser.prod.js";
import { StatusBadge } from "./common.js";
import { ago, exact } from "../format.js";
import { RouterLink } from "../router.js";

const ROW_HEIGHT = 34;
const MARGIN = 12; // rows rendered beyond each edge, so fast scrolling shows no blank band

export const TaskTable = {
  components: { StatusBadge, RouterLink },
  props: {
    rows: { type: Array, required: true },
    tick: { type: Number, default: 0 },
    jobId: { type: String, required: true },
    selectedId: { type: String, default: "" },
  },
  emits: ["open"],
  setup(props) {
    const scroller = ref(null);
    const scrollTop = ref(0);
    const viewHeight = ref(600);
    let observer = null;
    let frame = 0;

    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        scrollTop.value = scroller.value ? scroller.value.scrollTop : 0;
      });
    };
    onMounted(() => {
      observer = new ResizeObserver(() => (viewHeight.value = scroller.value?.clientHeight || 600));
      observer.observe(scroller.value);
      viewHeight.value = scroller.value.clientHeight || 600;
    });
    onUnmounted(() => {
      observer?.disconnect();
      cancelAnimationFrame(frame);
    });

    const start = computed(() => Math.max(0, Math.floor(scrollTop.value / ROW_HEIGHT) - MARGIN));
    const visible = computed(() => {
      void props.tick; // re-slice when a task changed in place
      const end = Math.min(props.rows.length, Math.ceil((scrollTop.value + viewHeight.value) / ROW_HEIGHT) + MARGIN);
      return props.rows.slice(start.value, end).map((task, i) => ({ task, top: (start.value + i) * ROW_HEIGHT }));
    });

    /** Scroll just enough to show the selected task (keyboard moves, deep links). */
    const reveal = () => {
      const index = props.rows.findIndex((task) => task.id === props.selectedId);
      const el = scroller.value;
      if (index < 0 || !el) return;
      const top = index * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
      scrollTop.value = el.scrollTop;
    };
    watch(() => [props.selectedId, props.rows], () => nextTick(reveal), { immediate: true });

    return { scroller, onScroll, visible, ROW_HEIGHT, ago, exact };
  },
  template: `
    <div class="ttable" role="grid" :aria-rowcount="rows.length">
      <div class="trow thead" role="row">
        <span role="columnheader" class="c-idx">#</span><span role="columnheader">Status</span>
        <span role="columnheader">Name</span><span role="columnheader" class="hide-narrow">Type</span>
        <span role="columnheader" class="hide-narrow">Worker</span><span role="columnheader">Updated</span>
      </div>
      <div class="tscroll" ref="scroller" @scroll.passive="onScroll">
        <div class="tspace" :style="{height: rows.length * ROW_HEIGHT + 'px'}">
          <div v-for="{task, top} in visible" :key="task.id" class="trow" role="row"
               :class="{cursor: task.id === selectedId}" :style="{transform: 'translateY(' + top + 'px)'}"
               :data-task-id="task.id" :data-status="task.status" @click="$emit('open', task)">
            <span class="c-idx muted">{{ task.index_in_job ?? '' }}</span>
            <span><StatusBadge :status="task.status" /></span>
            <span class="c-name"><RouterLink :to="'/jobs/' + jobId + '/' + task.id" class="row-link">{{ task.name }}</RouterLink></span>
            <span class="hide-narrow muted">{{ task.task_type }}</span>
            <span class="hide-narrow c-worker">{{ task.worker ? task.worker.name : '' }}</span>
            <span class="muted" :title="exact(task.updated)">{{ ago(task.updated) }}</span>
          </div>
        </div>
      </div>
    </div>`,
};
