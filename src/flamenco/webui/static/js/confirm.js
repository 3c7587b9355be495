// Asking a person before something that cannot be undone (deleting jobs or a worker). One dialog
// for the whole app; `confirm()` resolves true or false. While it is open the keyboard shortcuts
// of the screen below are off (keys.js), Escape cancels.

import { reactive } from "../vendor/vue.esm-browser.prod.js";

export const confirmState = reactive({ open: false, title: "", lines: [], action: "OK", resolve: null });

/** Ask; `lines` explain what will happen, `action` labels the button that does it. */
export function confirm({ title, lines = [], action = "OK" }) {
  if (confirmState.resolve) confirmState.resolve(false);
  return new Promise((resolve) => Object.assign(confirmState, { open: true, title, lines, action, resolve }));
}

export function answer(yes) {
  const resolve = confirmState.resolve;
  Object.assign(confirmState, { open: false, resolve: null });
  if (resolve) resolve(yes);
}

export const ConfirmDialog = {
  setup() {
    return { s: confirmState, answer };
  },
  mounted() {
    this.$watch(
      () => this.s.open,
      (open) => open && this.$nextTick(() => this.$refs.ok?.focus()),
    );
  },
  template: `
    <div v-if="s.open" class="overlay" @click.self="answer(false)">
      <div class="help confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm">
        <h2 id="confirm-title">{{ s.title }}</h2>
        <p v-for="(line, i) in s.lines" :key="i">{{ line }}</p>
        <div class="actions">
          <button type="button" class="btn" data-testid="confirm-cancel" @click="answer(false)">Cancel</button>
          <button type="button" class="btn danger" data-testid="confirm-ok" ref="ok" @click="answer(true)">{{ s.action }}</button>
        </div>
      </div>
    </div>`,
};
