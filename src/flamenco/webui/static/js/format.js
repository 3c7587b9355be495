// How values read on screen: times relative to now (exact on hover), numbers with separators.

import { ref } from "../vendor/vue.esm-browser.prod.js";

/** Ticks every few seconds, so "12 s ago" stays true without re-fetching anything. */
export const now = ref(Date.now());
setInterval(() => (now.value = Date.now()), 5000);

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
});
const shortDate = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const numbers = new Intl.NumberFormat();

export function exact(iso) {
  return iso ? dateTime.format(new Date(iso)) : "";
}

export function short(iso) {
  return iso ? shortDate.format(new Date(iso)) : "—";
}

export function ago(iso, reference = now.value) {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((reference - new Date(iso).getTime()) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return short(iso);
}

export function count(n) {
  return numbers.format(n ?? 0);
}

export function plural(n, word) {
  return `${count(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** "simple-blender-render" -> "Simple blender render"; setting keys read the same way. */
export function humanize(key) {
  const text = String(key).replace(/[_-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
