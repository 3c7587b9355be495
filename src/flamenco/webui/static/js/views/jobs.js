// The jobs table: one page at a time from queryJobs (filter, search and sort on the Manager), kept
// live. An update to a job on screen changes its row in place; a new job, or a status change
// while filtering by status, re-queries the page (throttled: a burst costs a query per 150 ms).

import { computed, reactive, ref, watch, nextTick, onUnmounted } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { useEvent, useSubscription, useSynced, throttle } from "../live.js";
import { route, navigate, setQuery, RouterLink } from "../router.js";
import { useKeys } from "../keys.js";
import { notify, runAll } from "../notify.js";
import { JOB_ACTIONS, JOB_STATUSES, jobCan, jobDeletable } from "../rules.js";
import { deleteJobs, deleting, noteDeletion } from "../deletion.js";
import { ago, count, exact, short } from "../format.js";
import { StatusBadge, Progress, StatusChips } from "../components/common.js";
import { LastRendered } from "../components/lastrendered.js";

const PAGE_SIZE = 50;
const COLUMNS = [
  { key: "status", label: "Status", cls: "col-status" },
  { key: "name", label: "Name", cls: "col-name" },
  { key: "type", label: "Type", cls: "col-type hide-narrow" },
  { key: "priority", label: "Prio", cls: "col-num hide-narrow" },
  { key: null, label: "Progress", cls: "col-progress" },
  { key: "created", label: "Created", cls: "col-time hide-narrow" },
  { key: "updated", label: "Updated", cls: "col-time" },
];
const NEWEST_FIRST = new Set(["created", "updated", "priority"]);

export const JobsView = {
  components: { StatusBadge, Progress, StatusChips, RouterLink, LastRendered },
  setup() {
    const state = reactive({ rows: [], total: 0, loaded: false, error: "", cursor: 0 });
    const selected = reactive(new Map()); // id -> the job as last seen (it may be on another page)
    const known = new Set(); // jobs seen in a page or an event: an unseen one is new
    const search = ref(route.query.q || "");
    const searchBox = ref(null);

    const filters = computed(() => ({
      status: route.query.status ? route.query.status.split(",").filter(Boolean) : [],
      q: route.query.q || "",
      sort: route.query.sort || "-created",
      page: Math.max(1, Number.parseInt(route.query.page || "1", 10) || 1),
    }));
    const pages = computed(() => Math.max(1, Math.ceil(state.total / PAGE_SIZE)));
    const first = computed(() => (state.total ? (filters.value.page - 1) * PAGE_SIZE + 1 : 0));
    const last = computed(() => Math.min(state.total, filters.value.page * PAGE_SIZE));

    const load = useSynced(async () => {
      const f = filters.value;
      const query = { offset: (f.page - 1) * PAGE_SIZE, limit: PAGE_SIZE, order_by: [f.sort] };
      if (f.status.length) query.status_in = f.status;
      if (f.q) query.name_contains = f.q;
      try {
        const result = await api.queryJobs(query);
        const cursorId = state.rows[state.cursor]?.id;
        state.rows = result.jobs;
        state.total = result.total ?? result.jobs.length;
        state.error = "";
        for (const job of result.jobs) {
          known.add(job.id);
          if (selected.has(job.id)) selected.set(job.id, job);
        }
        const kept = state.rows.findIndex((job) => job.id === cursorId);
        state.cursor = kept >= 0 ? kept : Math.min(state.cursor, Math.max(0, state.rows.length - 1));
        if (f.page > 1 && !state.rows.length && state.total) setQuery({ page: pages.value });
      } catch (error) {
        state.error = error.message;
      } finally {
        state.loaded = true;
      }
    });
    const requery = throttle(load, 150);

    const subscribed = useSubscription("allJobs");
    subscribed.promise.then(load);
    watch(filters, (now, before) => {
      if (JSON.stringify(now) !== JSON.stringify(before)) load();
    });
    watch(() => route.query.q, (q) => { if ((q || "") !== search.value) search.value = q || ""; });

    useEvent("/jobs", (update) => {
      if (noteDeletion(update)) {
        // Gone: off the page and out of the selection; the page is re-read to fill the gap.
        selected.delete(update.id);
        state.rows = state.rows.filter((job) => job.id !== update.id);
        requery();
        return;
      }
      // A new job's update has neither previous_status nor task_counts (a progress update has counts).
      const isNew = update.previous_status === undefined && !update.task_counts && !known.has(update.id);
      known.add(update.id);
      const statusChanged = update.previous_status !== undefined && update.previous_status !== update.status;
      const row = state.rows.find((job) => job.id === update.id);
      for (const job of [row, selected.get(update.id)]) {
        if (!job) continue;
        job.status = update.status;
        job.updated = update.updated;
        job.priority = update.priority;
        if (update.name !== undefined) job.name = update.name;
        if (update.task_counts) job.task_counts = update.task_counts;
      }
      const f = filters.value;
      if (isNew || (statusChanged && (f.status.length || f.sort.endsWith("status")))) requery();
    });

    // Search as you type, once typing pauses.
    let typing = null;
    const applySearch = () => {
      clearTimeout(typing);
      typing = setTimeout(() => setQuery({ q: search.value.trim(), page: undefined }), 250);
    };
    onUnmounted(() => clearTimeout(typing));
    const setStatuses = (statuses) => setQuery({ status: statuses.join(","), page: undefined });
    const sortBy = (key) => {
      const current = filters.value.sort;
      let next;
      if (current === key) next = `-${key}`;
      else if (current === `-${key}`) next = key;
      else next = NEWEST_FIRST.has(key) ? `-${key}` : key;
      setQuery({ sort: next === "-created" ? undefined : next, page: undefined });
    };
    const sortState = (key) => {
      const s = filters.value.sort;
      return s === key ? "ascending" : s === `-${key}` ? "descending" : "none";
    };
    const goPage = (page) => {
      const target = Math.min(Math.max(1, page), pages.value);
      if (target !== filters.value.page) setQuery({ page: target === 1 ? undefined : target });
    };

    const open = (job) => navigate(`/jobs/${job.id}`);
    const toggle = (job) => (selected.has(job.id) ? selected.delete(job.id) : selected.set(job.id, job));
    const allOnPage = computed(() => state.rows.length > 0 && state.rows.every((job) => selected.has(job.id)));
    const togglePage = () => {
      if (allOnPage.value) state.rows.forEach((job) => selected.delete(job.id));
      else state.rows.forEach((job) => selected.set(job.id, job));
    };
    const targets = () => {
      if (selected.size) return [...selected.values()];
      const job = state.rows[state.cursor];
      return job ? [job] : [];
    };
    const enabled = (action) => (selected.size ? [...selected.values()] : []).some((job) => jobCan(action, job.status));

    /** Several jobs: ask only for those the change applies to. One job: ask, and show the answer. */
    async function act(action, viaKey = false) {
      const all = targets();
      if (!all.length) return;
      const eligible = all.length === 1 && viaKey ? all : all.filter((job) => jobCan(action, job.status));
      const skipped = all.length - eligible.length;
      if (skipped) notify(`${action.label}: ${skipped} of ${all.length} skipped (not possible from their status)`);
      if (!eligible.length) return;
      await runAll(eligible, (job) => api.setJobStatus(job.id, action.status), {
        what: `${action.label}`,
        label: (job) => job.name,
      });
      requery();
    }

    const move = (delta) => {
      if (!state.rows.length) return;
      state.cursor = Math.min(Math.max(0, state.cursor + delta), state.rows.length - 1);
      nextTick(() => document.querySelector(".jobs-table tr.cursor")?.scrollIntoView({ block: "nearest" }));
    };
    const keys = {
      j: () => move(1),
      k: () => move(-1),
      o: () => state.rows[state.cursor] && open(state.rows[state.cursor]),
      x: () => state.rows[state.cursor] && toggle(state.rows[state.cursor]),
      A: togglePage,
      "/": () => searchBox.value?.focus(),
      "[": () => goPage(filters.value.page - 1),
      "]": () => goPage(filters.value.page + 1),
      Escape: () => selected.clear(),
    };
    for (const action of JOB_ACTIONS) keys[action.key] = () => act(action, true);
    keys.D = () => remove();
    useKeys(keys);

    /** Delete the selected jobs (or the one under the cursor) that may be deleted, after asking. */
    async function remove() {
      const all = targets().filter((job) => !deleting.has(job.id));
      const eligible = all.filter((job) => jobDeletable(job.status));
      if (all.length > eligible.length)
        notify(`Delete: ${all.length - eligible.length} of ${all.length} skipped (cancel or pause them first)`);
      if (await deleteJobs(eligible)) selected.clear();
    }
    const canDelete = computed(() => [...selected.values()].some((job) => jobDeletable(job.status) && !deleting.has(job.id)));

    return {
      state, selected, filters, search, searchBox, pages, first, last,
      COLUMNS, JOB_ACTIONS, JOB_STATUSES,
      applySearch, setStatuses, sortBy, sortState, goPage, open, toggle, allOnPage, togglePage, act, enabled,
      remove, canDelete, deleting,
      ago, count, exact, short,
    };
  },
  template: `
  <section class="page jobs-page">
    <header class="page-head">
      <h1>Jobs <span class="muted count" data-testid="jobs-total">{{ count(state.total) }}</span></h1>
      <aside class="farm-last-rendered" aria-label="Last rendered on the farm">
        <LastRendered size="tiny" />
      </aside>
      <div class="toolbar">
        <input ref="searchBox" v-model="search" @input="applySearch" type="search" class="search"
               placeholder="Search by name  ( / )" aria-label="Search jobs by name">
        <div class="actions" role="group" aria-label="Job actions">
          <button v-for="a in JOB_ACTIONS" :key="a.id" type="button" class="btn" :class="'act-' + a.id"
                  :disabled="!enabled(a)" @click="act(a)" :title="a.label + ' selected jobs (' + a.key + ')'">
            {{ a.label }}<kbd>{{ a.key }}</kbd></button>
          <button type="button" class="btn act-delete" :disabled="!canDelete" @click="remove"
                  title="Delete selected jobs (Shift+D)">Delete<kbd>⇧d</kbd></button>
        </div>
      </div>
    </header>
    <p v-if="deleting.size" class="notice" role="status" data-testid="deleting-count">Deleting {{ count(deleting.size) }} {{ deleting.size === 1 ? 'job' : 'jobs' }}…</p>
    <StatusChips :statuses="JOB_STATUSES.slice(0, 8)" :model-value="filters.status" @update:model-value="setStatuses" />
    <div v-if="selected.size" class="selection-bar">
      {{ count(selected.size) }} selected <button type="button" class="link" @click="selected.clear()">clear (Esc)</button>
    </div>
    <p v-if="state.error" class="error-box" role="alert">{{ state.error }}</p>
    <div class="table-wrap">
      <table class="grid jobs-table" :aria-busy="!state.loaded">
        <thead><tr>
          <th class="col-check"><input type="checkbox" :checked="allOnPage" @change="togglePage" aria-label="Select all jobs on this page"></th>
          <th v-for="c in COLUMNS" :key="c.label" :class="c.cls" :aria-sort="c.key ? sortState(c.key) : null">
            <button v-if="c.key" type="button" class="sort" @click="sortBy(c.key)">{{ c.label }}
              <span class="arrow" aria-hidden="true">{{ sortState(c.key) === 'ascending' ? '▲' : sortState(c.key) === 'descending' ? '▼' : '' }}</span></button>
            <template v-else>{{ c.label }}</template>
          </th>
        </tr></thead>
        <tbody>
          <tr v-for="(job, i) in state.rows" :key="job.id" :data-job-id="job.id" :data-status="job.status"
              :class="{cursor: i === state.cursor, selected: selected.has(job.id)}" @click="open(job)">
            <td class="col-check" @click.stop><input type="checkbox" :checked="selected.has(job.id)" @change="toggle(job)" :aria-label="'Select ' + job.name"></td>
            <td class="col-status"><StatusBadge :status="job.status" />
              <span v-if="deleting.has(job.id)" class="badge s-deleting" data-testid="row-deleting">deleting…</span></td>
            <td class="col-name"><RouterLink :to="'/jobs/' + job.id" class="row-link">{{ job.name }}</RouterLink></td>
            <td class="col-type hide-narrow">{{ job.type }}</td>
            <td class="col-num hide-narrow">{{ job.priority }}</td>
            <td class="col-progress"><Progress :counts="job.task_counts" /></td>
            <td class="col-time hide-narrow" :title="exact(job.created)">{{ short(job.created) }}</td>
            <td class="col-time" :title="exact(job.updated)">{{ ago(job.updated) }}</td>
          </tr>
        </tbody>
      </table>
      <div v-if="state.loaded && !state.rows.length && !state.error" class="empty">
        <template v-if="filters.status.length || filters.q">No jobs match these filters.</template>
        <template v-else>No jobs yet. <RouterLink to="/submit">Submit one</RouterLink>, or send one from Blender.</template>
      </div>
    </div>
    <nav class="pager" aria-label="Pages">
      <span class="muted">{{ count(first) }}–{{ count(last) }} of {{ count(state.total) }}</span>
      <button type="button" class="btn" :disabled="filters.page <= 1" @click="goPage(1)" aria-label="First page">«</button>
      <button type="button" class="btn" :disabled="filters.page <= 1" @click="goPage(filters.page - 1)">‹ Prev <kbd>[</kbd></button>
      <span>page {{ filters.page }} / {{ pages }}</span>
      <button type="button" class="btn" :disabled="filters.page >= pages" @click="goPage(filters.page + 1)">Next › <kbd>]</kbd></button>
      <button type="button" class="btn" :disabled="filters.page >= pages" @click="goPage(pages)" aria-label="Last page">»</button>
    </nav>
  </section>`,
};
