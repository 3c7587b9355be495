// One task: what it runs, who ran it, who failed it, and its log as it is written.

import { computed, nextTick, reactive, ref, watch } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { useEvent, useSubscription, useSynced, throttle } from "../live.js";
import { RouterLink } from "../router.js";
import { runAll } from "../notify.js";
import { TASK_ACTIONS, taskCan } from "../rules.js";
import { ago, exact } from "../format.js";
import { StatusBadge } from "../components/common.js";

const MAX_LOG_LINES = 2000; // the tail on screen; the whole log is a download away

export const TaskPanel = {
  components: { StatusBadge, RouterLink },
  props: { taskId: { type: String, required: true }, jobId: { type: String, required: true } },
  setup(props, { expose }) {
    const state = reactive({ task: null, error: "", lines: [], logLoaded: false, steps: null });
    const logBox = ref(null);
    let pending = null; // log chunks that arrive while the tail is being fetched

    const logSub = useSubscription("tasklog", () => props.taskId);

    const loadTask = useSynced(async () => {
      const id = props.taskId;
      try {
        const [task, steps] = await Promise.all([api.task(id), api.taskSteps(id).catch(() => null)]);
        if (id === props.taskId) {
          state.task = task;
          state.steps = steps;
          state.error = "";
        }
      } catch (error) {
        if (id === props.taskId) state.error = error.message;
      }
    });
    const loadLog = useSynced(async () => {
      const id = props.taskId;
      pending = [];
      let tail = "";
      try {
        tail = (await api.taskLogTail(id)) || "";
      } catch (error) {
        tail = "";
        state.error = state.error || error.message;
      }
      if (id !== props.taskId) return;
      const lines = splitLines(tail);
      // A chunk written between subscribing and reading the tail is in both: keep it once.
      for (const chunk of pending) if (!tail.includes(chunk.trimEnd())) lines.push(...splitLines(chunk));
      pending = null;
      state.lines = lines.slice(-MAX_LOG_LINES);
      state.logLoaded = true;
      scrollLog(true);
    });
    const refreshTask = throttle(loadTask, 200);
    // Steps are Flamenco 3.8's (/api/v3): a report comes as a task update without a status change.
    const refreshSteps = throttle(async () => {
      const id = props.taskId;
      const steps = await api.taskSteps(id).catch(() => null);
      if (id === props.taskId && steps) state.steps = steps;
    }, 1000);

    watch(
      () => props.taskId,
      () => {
        state.task = null;
        state.lines = [];
        state.logLoaded = false;
        state.error = "";
        loadTask();
        logSub.promise.then(loadLog);
      },
      { immediate: true },
    );

    useEvent("/task", (update) => {
      if (update.id !== props.taskId || !state.task) return;
      const changed = update.status !== state.task.status;
      Object.assign(state.task, { status: update.status, activity: update.activity, updated: update.updated });
      if (changed) refreshTask(); // worker, failures and timestamps come with the full task
      else refreshSteps();
    });
    useEvent("/tasklog", (update) => {
      if (update.task_id !== props.taskId) return;
      if (pending) {
        pending.push(update.log);
        return;
      }
      const atBottom = isAtBottom();
      state.lines.push(...splitLines(update.log));
      if (state.lines.length > MAX_LOG_LINES) state.lines.splice(0, state.lines.length - MAX_LOG_LINES);
      scrollLog(atBottom);
    });

    function isAtBottom() {
      const el = logBox.value;
      return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    }
    function scrollLog(follow) {
      if (!follow) return;
      nextTick(() => {
        if (logBox.value) logBox.value.scrollTop = logBox.value.scrollHeight;
      });
    }

    const log = computed(() => state.lines.join("\n"));
    const act = (action) =>
      state.task &&
      runAll([state.task], (task) => api.setTaskStatus(task.id, action.status), {
        what: action.label,
        label: (task) => `Task ${task.name}`,
      });
    expose({ act, task: () => state.task });

    return { state, log, logBox, act, TASK_ACTIONS, taskCan, ago, exact, logUrl: computed(() => api.taskLogUrl(props.taskId)) };
  },
  template: `
  <section class="panel task-panel" aria-label="Task details">
    <header class="panel-head">
      <div>
        <div class="eyebrow">Task <RouterLink :to="'/jobs/' + jobId" class="link" title="Close (Esc)">× close</RouterLink></div>
        <h2 data-testid="task-name">{{ state.task ? state.task.name : '…' }}</h2>
      </div>
      <StatusBadge v-if="state.task" :status="state.task.status" data-testid="task-status" />
    </header>
    <p v-if="state.error" class="error-box" role="alert">{{ state.error }}</p>
    <template v-if="state.task">
      <div class="actions">
        <button v-for="a in TASK_ACTIONS" :key="a.id" type="button" class="btn" :class="'act-' + a.id"
                :disabled="!taskCan(a, state.task.status)" @click="act(a)" :title="a.label + ' (Shift+' + a.key + ')'">
          {{ a.label }}<kbd>⇧{{ a.key }}</kbd></button>
      </div>
      <p class="activity" v-if="state.task.activity">{{ state.task.activity }}</p>
      <dl class="kv">
        <dt>Type</dt><dd>{{ state.task.task_type }}</dd>
        <dt>Priority</dt><dd>{{ state.task.priority }}</dd>
        <dt>Place in job</dt><dd>{{ state.task.index_in_job ?? '—' }}</dd>
        <dt>Steps</dt><dd data-testid="task-steps">{{ state.steps ? state.steps.completed + ' of ' + state.steps.total : '—' }}</dd>
        <dt>Worker</dt><dd>
          <RouterLink v-if="state.task.worker" :to="'/workers/' + state.task.worker.id">{{ state.task.worker.name }}</RouterLink>
          <span v-else class="muted">none</span>
          <span v-if="state.task.worker" class="muted"> · {{ state.task.worker.address }}</span></dd>
        <dt>Last report</dt><dd :title="exact(state.task.last_touched)">{{ state.task.last_touched ? ago(state.task.last_touched) : 'never' }}</dd>
        <dt>Created</dt><dd>{{ exact(state.task.created) }}</dd>
        <dt>Updated</dt><dd>{{ exact(state.task.updated) }}</dd>
      </dl>
    </template>
    <div class="log-head">
      <h3>Log</h3>
      <a class="btn" :href="logUrl" download data-testid="log-download">Download whole log</a>
    </div>
    <pre class="log" ref="logBox" data-testid="log-tail" tabindex="0" aria-label="Task log, newest last">{{ log }}<span v-if="state.logLoaded && !state.lines.length" class="muted">No log yet.</span></pre>
    <template v-if="state.task">
      <h3>Failed by <span class="muted">({{ (state.task.failed_by_workers || []).length }})</span></h3>
      <ul v-if="(state.task.failed_by_workers || []).length" class="plain failures" data-testid="task-failures">
        <li v-for="w in state.task.failed_by_workers" :key="w.id">
          <RouterLink :to="'/workers/' + w.id">{{ w.name }}</RouterLink> <span class="muted">{{ w.address }}</span></li>
      </ul>
      <p v-else class="muted">No worker failed this task.</p>
      <h3>Commands</h3>
      <ol class="commands">
        <li v-for="(c, i) in state.task.commands" :key="i"><code class="cmd-name">{{ c.name }}</code>
          <pre class="params">{{ JSON.stringify(c.parameters, null, 2) }}</pre></li>
      </ol>
    </template>
  </section>`,
};

function splitLines(text) {
  if (!text) return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
