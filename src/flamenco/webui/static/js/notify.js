// Messages at the corner of the screen: what an action did, or the API's reason for refusing it.

import { reactive } from "../vendor/vue.esm-browser.prod.js";

export const toasts = reactive([]);
let nextId = 1;

export function notify(text, { kind = "info", details = [], timeout } = {}) {
  const toast = { id: nextId++, text, kind, details };
  toasts.push(toast);
  const ms = timeout ?? (kind === "error" ? 12000 : 4000);
  if (ms) setTimeout(() => dismiss(toast.id), ms);
  return toast.id;
}

export function dismiss(id) {
  const index = toasts.findIndex((toast) => toast.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

/**
 * Ask the API for the same change on several things; one toast says what happened, with the API's
 * message for each refusal.
 */
export async function runAll(items, call, { what, label }) {
  const results = await Promise.allSettled(items.map(call));
  const failures = results
    .map((result, i) => [result, items[i]])
    .filter(([result]) => result.status === "rejected")
    .map(([result, item]) => `${label(item)}: ${result.reason.message}`);
  const done = results.length - failures.length;
  if (!failures.length) notify(`${what}: ${done === 1 ? label(items[0]) : `${done} of ${results.length}`}`);
  else
    notify(failures.length === 1 && results.length === 1 ? failures[0] : `${what}: ${failures.length} refused`, {
      kind: "error",
      details: results.length === 1 ? [] : failures,
    });
  return failures.length === 0;
}
