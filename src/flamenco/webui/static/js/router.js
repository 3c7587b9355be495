// A small history router: every screen has a URL that can be bookmarked, shared and reloaded
// (the Manager answers the app's page for every path under /app/).

import { reactive, h } from "../vendor/vue.esm-browser.prod.js";

export const BASE = "/app";

const ROUTES = [
  ["jobs", /^\/jobs\/?$/],
  ["job", /^\/jobs\/([^/]+)\/?$/, ["jobId"]],
  ["job", /^\/jobs\/([^/]+)\/([^/]+)\/?$/, ["jobId", "taskId"]],
  ["workers", /^\/workers\/?$/],
  ["workers", /^\/workers\/([^/]+)\/?$/, ["workerId"]],
  ["submit", /^\/submit\/?$/],
  ["tags", /^\/tags\/?$/],
  ["setup", /^\/setup\/?$/],
];

export const route = reactive({ name: "", params: {}, query: {}, path: "" });

/** Where "back to the jobs" goes: the jobs list as last seen (filters, sort, page). */
export function jobsListPath() {
  return `/jobs${sessionStorage.getItem("flamenco.jobs.search") || ""}`;
}

function resolve() {
  let path = window.location.pathname.slice(BASE.length) || "/";
  if (path === "/") {
    window.history.replaceState(null, "", `${BASE}/jobs${window.location.search}`);
    path = "/jobs";
  }
  let name = "notfound";
  let params = {};
  for (const [routeName, pattern, keys = []] of ROUTES) {
    const match = pattern.exec(path);
    if (match) {
      name = routeName;
      params = Object.fromEntries(keys.map((key, i) => [key, decodeURIComponent(match[i + 1])]));
      break;
    }
  }
  route.name = name;
  route.params = params;
  route.query = Object.fromEntries(new URLSearchParams(window.location.search));
  route.path = path;
  if (name === "jobs") sessionStorage.setItem("flamenco.jobs.search", window.location.search);
}

/** Go to `to` (a path inside the app, e.g. "/jobs/ID", with an optional "?query"). */
export function navigate(to, { replace = false } = {}) {
  const url = to.startsWith(BASE) ? to : BASE + to;
  if (url === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  resolve();
}

/** Change the query string of the current screen (filters, sorting, page) without a new history entry. */
export function setQuery(changes) {
  const query = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === null || value === "") query.delete(key);
    else query.set(key, String(value));
  }
  const search = query.toString();
  navigate(`${window.location.pathname}${search ? `?${search}` : ""}`, { replace: true });
}

window.addEventListener("popstate", resolve);
resolve();

/** <RouterLink to="/jobs/ID">: a real link (middle-click, copy), navigating in-app on a plain click. */
export const RouterLink = {
  props: { to: { type: String, required: true } },
  setup(props, { slots, attrs }) {
    return () =>
      h(
        "a",
        {
          ...attrs,
          href: BASE + props.to,
          onClick: (event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            navigate(props.to);
          },
        },
        slots.default?.(),
      );
  },
};
