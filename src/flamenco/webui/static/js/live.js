// The live connection to the Manager (Socket.IO, protocol v5), shared by every view.
//
// Views subscribe to what they show (allJobs, allWorkers, one job's tasks, one task's log) and
// fetch it over the REST API once the subscription is acknowledged, so no change falls between
// the two. Rooms belong to a connection: after every reconnect (a network blip, a Manager
// restart) the subscriptions are sent again and `epoch` goes up, which tells views to fetch anew,
// since whatever happened while disconnected was not sent to anyone.

import { io } from "../vendor/socket.io.esm.min.js";
import { reactive, onUnmounted, watch } from "../vendor/vue.esm-browser.prod.js";

// state: "connecting" (first attempt), "live", "reconnecting" (just lost), "offline" (attempts fail).
export const connection = reactive({ state: "connecting", epoch: 0, error: "", attempts: 0 });

const subscriptions = new Map(); // "type uuid" -> {type, uuid, count, conn}
const connectListeners = new Set();
let liveWaiters = [];
let connId = 0;

// The Manager runs several processes without sticky sessions: only WebSocket works there.
const socket = io({ path: "/socket.io/", transports: ["websocket"], reconnectionDelayMax: 3000 });

socket.on("connect", onConnect);
socket.on("disconnect", (reason) => {
  connection.state = connection.epoch ? "reconnecting" : "connecting";
  connection.error = reason;
  // A server-side disconnect (say, a Manager shutting down) is not retried by the client itself.
  if (reason === "io server disconnect") socket.connect();
});
socket.on("connect_error", (error) => {
  connection.state = "offline";
  connection.attempts += 1;
  connection.error = error.message;
  releaseWaiters(); // no point waiting for a connection that just failed: fetch now, resync later
});

function releaseWaiters() {
  const waiters = liveWaiters;
  liveWaiters = [];
  waiters.forEach((resolve) => resolve());
}

function payload(op, sub) {
  return sub.uuid ? { op, type: sub.type, uuid: sub.uuid } : { op, type: sub.type };
}

async function send(sub) {
  const conn = connId;
  try {
    const ack = await socket.timeout(5000).emitWithAck("/subscription", payload("subscribe", sub));
    if (ack !== "ok") console.warn(`subscription ${sub.type} ${sub.uuid || ""} refused: ${ack}`);
    sub.conn = conn;
  } catch (error) {
    console.warn(`subscription ${sub.type} ${sub.uuid || ""} not acknowledged: ${error.message}`);
  }
}

async function onConnect() {
  connId += 1;
  const conn = connId;
  await Promise.all([...subscriptions.values()].map(send));
  if (conn !== connId || !socket.connected) return; // lost again meanwhile; the next connect redoes this
  connection.state = "live";
  connection.error = "";
  connection.attempts = 0;
  connection.epoch += 1;
  for (const sub of subscriptions.values()) if (sub.conn !== conn) await send(sub);
  releaseWaiters();
  for (const listener of connectListeners) listener(connection.epoch);
}

function waitLive(timeoutMs) {
  if (connection.state === "live") return Promise.resolve();
  return new Promise((resolve) => {
    liveWaiters.push(resolve);
    setTimeout(resolve, timeoutMs);
  });
}

/** Subscribe; resolves once the Manager acknowledged it (or soon, when not connected). */
export async function subscribe(type, uuid) {
  const key = `${type} ${uuid || ""}`;
  let sub = subscriptions.get(key);
  if (sub) {
    sub.count += 1;
    return sub.ready;
  }
  sub = { type, uuid, count: 1, conn: 0 };
  subscriptions.set(key, sub);
  sub.ready = (async () => {
    // On a fresh page the connection is usually up within tens of milliseconds: wait a little for
    // it rather than fetch now and again right after.
    if (connection.state !== "live") await waitLive(connection.state === "connecting" ? 1500 : 0);
    if (connection.state === "live" && sub.conn !== connId) await send(sub);
  })();
  return sub.ready;
}

export function unsubscribe(type, uuid) {
  const key = `${type} ${uuid || ""}`;
  const sub = subscriptions.get(key);
  if (!sub) return;
  sub.count -= 1;
  if (sub.count > 0) return;
  subscriptions.delete(key);
  if (socket.connected) socket.emit("/subscription", payload("unsubscribe", sub));
}

/** Listen to a server event ("/jobs", "/task", "/tasklog", "/workers") while the component lives. */
export function useEvent(event, handler) {
  socket.on(event, handler);
  onUnmounted(() => socket.off(event, handler));
}

/** Hold a subscription while the component lives; `uuid` may be a getter (re-subscribes on change). */
export function useSubscription(type, uuid) {
  const getter = typeof uuid === "function" ? uuid : () => uuid;
  const needsUuid = typeof uuid === "function" || uuid !== undefined;
  const ready = { promise: Promise.resolve() };
  let held = null; // {uuid} while subscribed
  const apply = (next) => {
    if (held) unsubscribe(type, held.uuid);
    held = null;
    if (needsUuid && !next) {
      ready.promise = Promise.resolve();
      return;
    }
    held = { uuid: next };
    ready.promise = subscribe(type, next);
  };
  watch(getter, apply, { immediate: true });
  onUnmounted(() => {
    if (held) unsubscribe(type, held.uuid);
    held = null;
  });
  return ready;
}

/**
 * A loader that runs again after every reconnect it has not seen. Calls while it runs are
 * coalesced into one more run, so bursts of live events cost at most two fetches.
 */
export function useSynced(load) {
  let loadedEpoch = -1;
  let started = false;
  let running = null;
  let again = false;
  async function run() {
    started = true;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const epoch = connection.epoch;
        await load();
        loadedEpoch = epoch;
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  }
  const listener = (epoch) => {
    if (started && loadedEpoch < epoch) run().catch(() => {});
  };
  connectListeners.add(listener);
  onUnmounted(() => connectListeners.delete(listener));
  return run;
}

/**
 * `fn` at once, then at most once per `ms`: the first live event acts without delay, and a burst
 * (a thousand new jobs) costs one more call at the end of each window, not a thousand.
 */
export function throttle(fn, ms) {
  let timer = null;
  let last = -Infinity;
  const run = () => {
    timer = null;
    last = performance.now();
    fn();
  };
  const throttled = () => {
    if (timer !== null) return;
    const wait = last + ms - performance.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  onUnmounted(() => clearTimeout(timer));
  return throttled;
}

/** Try to connect now (the indicator's button), instead of waiting for the next retry. */
export function reconnectNow() {
  if (!socket.connected) {
    socket.disconnect();
    socket.connect();
  }
}
