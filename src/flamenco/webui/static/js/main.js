// The web UI's entry point: the frame around every screen and the screen the URL names.

import { createApp, ref, onMounted, computed } from "../vendor/vue.esm-browser.prod.js";
import { api } from "./api.js";
import { route, navigate, RouterLink } from "./router.js";
import { help, setGlobalKeys } from "./keys.js";
import { ConnectionIndicator, Toasts, HelpPanel } from "./components/common.js";
import { FarmStatus } from "./components/farmstatus.js";
import { ConfirmDialog } from "./confirm.js";
import { JobsView } from "./views/jobs.js";
import { JobView } from "./views/job.js";
import { WorkersView } from "./views/workers.js";
import { SubmitView } from "./views/submit.js";
import { TagsView } from "./views/tags.js";
import { SetupView } from "./views/setup.js";

const NotFound = {
  components: { RouterLink },
  template: `<section class="page"><h1>Not found</h1><p>Nothing lives here. <RouterLink to="/jobs">Go to the jobs</RouterLink>.</p></section>`,
};

const VIEWS = { jobs: JobsView, job: JobView, workers: WorkersView, submit: SubmitView, tags: TagsView, setup: SetupView, notfound: NotFound };
const TITLES = { jobs: "Jobs", job: "Job", workers: "Workers", submit: "Submit a job", tags: "Worker tags", setup: "Settings", notfound: "Not found" };

const App = {
  components: { RouterLink, ConnectionIndicator, Toasts, HelpPanel, FarmStatus, ConfirmDialog },
  setup() {
    const version = ref(null);
    onMounted(async () => {
      try {
        version.value = await api.version();
      } catch {
        // shown as unknown; the connection indicator says more
      }
    });
    const view = computed(() => VIEWS[route.name] || NotFound);
    const section = computed(() => (route.name === "job" ? "jobs" : route.name));
    // The job page keeps its component when moving between tasks; another job is a fresh page.
    const viewKey = computed(() => (route.name === "job" ? `job:${route.params.jobId}` : route.name));
    const title = computed(() => `${TITLES[route.name] || ""} · Flamenco`);
    setGlobalKeys({
      "g j": () => navigate("/jobs"),
      "g w": () => navigate("/workers"),
      "g t": () => navigate("/tags"),
      n: () => navigate("/submit"),
      "?": () => (help.open = !help.open),
      Escape: () => (help.open = false),
    });
    return { route, view, section, viewKey, version, help, title };
  },
  watch: { title: { handler: (t) => (document.title = t), immediate: true } },
  template: `
    <a class="skip" href="#main">Skip to content</a>
    <header class="topbar">
      <RouterLink to="/jobs" class="brand" aria-label="Flamenco, jobs"><span class="logo" aria-hidden="true">F</span>Flamenco</RouterLink>
      <nav class="nav" aria-label="Sections">
        <RouterLink to="/jobs" :aria-current="section === 'jobs' ? 'page' : null">Jobs</RouterLink>
        <RouterLink to="/workers" :aria-current="section === 'workers' ? 'page' : null">Workers</RouterLink>
        <RouterLink to="/submit" :aria-current="section === 'submit' ? 'page' : null">Submit</RouterLink>
        <RouterLink to="/tags" :aria-current="section === 'tags' ? 'page' : null">Tags</RouterLink>
        <RouterLink to="/setup" :aria-current="section === 'setup' ? 'page' : null" aria-label="Settings" title="Settings"><span class="nav-label">Settings</span><span class="nav-icon" aria-hidden="true">⚙</span></RouterLink>
      </nav>
      <div class="topbar-end">
        <FarmStatus />
        <span class="version muted hide-narrow" v-if="version" :title="version.name">{{ version.name }} {{ version.version }}</span>
        <ConnectionIndicator />
        <button type="button" class="icon-button" @click="help.open = true" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
      </div>
    </header>
    <main id="main"><component :is="view" :key="viewKey" /></main>
    <Toasts />
    <HelpPanel />
    <ConfirmDialog />`,
};

createApp(App).mount("#app");
