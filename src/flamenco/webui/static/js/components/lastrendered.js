// The last-rendered image: of one job (`job-id` given), or of the whole farm. It follows the
// Manager's `/last-rendered` events, so a newly rendered frame replaces the picture within a second.
//
// The thumbnails are replaced in place on the Manager (same URL), so each new image gets a new
// query string; the browser then fetches it instead of showing its cached copy.

import { reactive, watch } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { useEvent, useSubscription, useSynced } from "../live.js";
import { RouterLink } from "../router.js";

const SIZES = { large: "last-rendered.jpg", small: "last-rendered-small.jpg", tiny: "last-rendered-tiny.jpg" };

export const LastRendered = {
  components: { RouterLink },
  props: {
    jobId: { type: String, default: "" },
    size: { type: String, default: "small" }, // large (1920x1080), small (600x338), tiny (200x112)
  },
  setup(props) {
    const state = reactive({ info: null, jobId: "", version: 0, loaded: false, error: "" });
    // A job's page holds the `job` subscription already (it names the same room); the farm-wide
    // view holds `allLastRendered`.
    const sub = props.jobId ? useSubscription("job", () => props.jobId) : useSubscription("allLastRendered");

    const show = (info, jobId) => {
      state.info = info;
      state.jobId = jobId;
      state.version += 1;
      state.loaded = true;
    };
    const load = useSynced(async () => {
      const wanted = props.jobId;
      try {
        const info = wanted ? await api.jobLastRendered(wanted) : await api.lastRendered();
        if (wanted !== props.jobId) return;
        // The farm-wide answer does not name the job, its base does: /job-files/job-xxxx/<uuid>.
        show(info, info ? wanted || info.base.split("/").pop() : "");
        state.error = "";
      } catch (error) {
        state.error = error.message;
        state.loaded = true;
      }
    });
    watch(
      () => props.jobId,
      () => {
        state.info = null;
        state.loaded = false;
        sub.promise.then(load);
      },
      { immediate: true },
    );
    useEvent("/last-rendered", (update) => {
      if (props.jobId && update.job_id !== props.jobId) return;
      show(update.thumbnail, update.job_id);
    });

    const src = () => {
      const info = state.info;
      if (!info) return "";
      const wanted = SIZES[props.size] || SIZES.small;
      const suffix = info.suffixes.includes(wanted) ? wanted : info.suffixes[0];
      return `${info.base}/${suffix}?v=${state.version}`;
    };
    return { state, src, props };
  },
  template: `
    <figure class="last-rendered" :class="'lr-' + size" data-testid="last-rendered">
      <template v-if="state.info">
        <a :href="state.info.base + '/last-rendered.jpg'" target="_blank" rel="noopener" title="Open the full-size image">
          <img :src="src()" :alt="'Last rendered image' + (jobId ? '' : ' of the farm')" data-testid="last-rendered-img"
               :data-job="state.jobId" loading="lazy" />
        </a>
        <figcaption v-if="!jobId">
          <RouterLink :to="'/jobs/' + state.jobId" data-testid="last-rendered-job">Open its job</RouterLink>
        </figcaption>
      </template>
      <p v-else-if="state.loaded" class="muted empty" data-testid="last-rendered-none">
        {{ state.error || (jobId ? 'No rendered image yet.' : 'Nothing rendered yet.') }}</p>
    </figure>`,
};
