// Keyboard shortcuts. A screen registers its keys while it is shown; global keys (g j, g w, n, ?)
// work everywhere. Keys are ignored while typing in a field, except Escape, which leaves it.

import { onMounted, onUnmounted, reactive } from "../vendor/vue.esm-browser.prod.js";
import { confirmState, answer } from "./confirm.js";

const layers = [];
const globalKeys = {};
let pendingG = 0;

export const help = reactive({ open: false });

/** The shortcuts listed in the help panel (and docs/web-ui.md). */
export const SHORTCUTS = [
  ["Everywhere", [
    ["g j", "Jobs"], ["g w", "Workers"], ["g t", "Worker tags"], ["n", "Submit a job"], ["/", "Search / first field"], ["?", "This help"],
  ]],
  ["Lists", [
    ["j / ↓", "Next row"], ["k / ↑", "Previous row"], ["Enter / o", "Open"], ["Esc", "Close details / back"],
    ["[ / ]", "Previous / next page"],
  ]],
  ["Jobs", [
    ["x", "Select row"], ["Shift+A", "Select page / none"], ["c", "Cancel"], ["r", "Requeue"], ["p", "Pause"], ["u", "Resume"],
    ["Shift+D", "Delete (asks first)"],
  ]],
  ["Tasks (job page)", [["Shift+R", "Requeue task"], ["Shift+C", "Cancel task"]]],
  ["Workers", [
    ["w", "Wake up"], ["s / Shift+S", "Sleep after task / now"], ["q / Shift+Q", "Shut down after task / now"],
    ["Shift+D", "Delete worker (asks first)"],
  ]],
];

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select"));
}

export function setGlobalKeys(map) {
  Object.assign(globalKeys, map);
}

/** Register `map` (key -> handler) while the calling component is mounted; later layers win. */
export function useKeys(map) {
  onMounted(() => layers.push(map));
  onUnmounted(() => {
    const index = layers.lastIndexOf(map);
    if (index >= 0) layers.splice(index, 1);
  });
}

function keyName(event) {
  if (event.key === "ArrowDown") return "j";
  if (event.key === "ArrowUp") return "k";
  if (event.key === "Enter") return "o";
  return event.key;
}

window.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  if (typing(event.target)) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  // Enter on a button or link is theirs; arrows move in our lists, not the page.
  if (event.key === "Enter" && event.target instanceof HTMLElement && event.target.closest("a, button")) return;
  const key = keyName(event);
  if (confirmState.open) {
    // A confirmation is modal too: Escape cancels it, its buttons take Enter, nothing else acts.
    if (key === "Escape") answer(false);
    return;
  }
  if (help.open) {
    // The help panel is modal: it takes Escape and "?" (both close it), nothing reaches the screen below.
    if (key === "Escape" || key === "?") help.open = false;
    return;
  }
  if (pendingG && Date.now() - pendingG < 1500) {
    pendingG = 0;
    const handler = globalKeys[`g ${key}`];
    if (handler) {
      event.preventDefault();
      handler(event);
    }
    return;
  }
  if (key === "g") {
    pendingG = Date.now();
    return;
  }
  for (let i = layers.length - 1; i >= 0; i -= 1) {
    if (layers[i][key]) {
      event.preventDefault();
      layers[i][key](event);
      return;
    }
  }
  if (globalKeys[key]) {
    event.preventDefault();
    globalKeys[key](event);
  }
});
