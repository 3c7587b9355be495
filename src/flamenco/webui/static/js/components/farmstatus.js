// The farm's status in the header (Flamenco 3.8's getFarmStatus): active, waiting, idle, asleep or
// inoperative. Read at start, every few seconds, and soon after a job or worker changes status.

import { ref, onMounted, onUnmounted } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { useEvent, throttle } from "../live.js";

const REFRESH_MS = 10000;
const TITLES = {
  active: "Jobs are running on awake workers",
  waiting: "There is work, but no awake worker is running it",
  idle: "No work to do",
  asleep: "No work to do, and every worker is asleep",
  inoperative: "No workers, or all of them offline or in error",
  starting: "The Manager is starting",
  unknown: "The Manager cannot tell",
};

export const FarmStatus = {
  setup() {
    const status = ref("");
    const load = async () => {
      try {
        status.value = (await api.farmStatus()).status;
      } catch {
        status.value = ""; // the connection indicator says why
      }
    };
    const soon = throttle(load, 1000);
    const onChange = (update) => {
      if (update.previous_status !== undefined || update.was_deleted || update.deleted_at) soon();
    };
    useEvent("/jobs", onChange);
    useEvent("/workers", onChange);
    let timer = null;
    onMounted(() => {
      load();
      timer = setInterval(load, REFRESH_MS);
    });
    onUnmounted(() => clearInterval(timer));
    return { status, TITLES };
  },
  template: `
    <span v-if="status" class="badge farm-status" :class="'s-' + status" data-testid="farm-status"
          :data-status="status" :title="'Farm ' + status + ': ' + (TITLES[status] || status)"><span class="hide-narrow">farm {{ status }}</span></span>`,
};
