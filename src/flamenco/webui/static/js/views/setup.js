// The Manager's settings and its setup assistant (/app/setup), through Flamenco 3.8's API (/api/v3):
// the variables as each platform sees them and where jobs' files are for it, the checks that
// choose shared storage and Blender and save them, and the configuration file to read and edit.
// Checks run on the Manager's machine, within the paths it may touch; its answers are shown as given.

import { reactive, onMounted, watch } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { notify } from "../notify.js";

const PLATFORMS = ["linux", "windows", "darwin"];

/** The browser's platform in Flamenco's words, for the variables' first view. */
function browserPlatform() {
  const text = `${navigator.userAgentData?.platform || ""} ${navigator.platform || ""}`.toLowerCase();
  if (text.includes("win")) return "windows";
  if (text.includes("mac")) return "darwin";
  return "linux";
}

export const SetupView = {
  setup() {
    const state = reactive({
      config: null, error: "",
      platform: browserPlatform(), audience: "users", variables: [], storage: null, variablesError: "",
      storagePath: "", storageCheck: null, checkingStorage: false,
      blenderInput: "", blenderCandidates: [], blenderChoice: -1, finding: false, checkingBlender: false,
      saveError: "", saving: false, saved: false,
      fileText: "", fileError: "", fileSaving: false, fileLoaded: false,
    });

    async function loadConfig() {
      try {
        state.config = await api.v3Configuration();
        state.error = "";
        if (!state.storagePath) state.storagePath = state.config.storageLocation;
      } catch (error) {
        state.error = error.message;
      }
    }

    async function loadVariables() {
      try {
        const [found, storage] = await Promise.all([
          api.variables(state.audience, state.platform),
          api.sharedStorage(state.audience, state.platform),
        ]);
        state.variables = Object.entries(found).sort(([a], [b]) => a.localeCompare(b));
        state.storage = storage;
        state.variablesError = "";
      } catch (error) {
        state.variablesError = error.message;
      }
    }

    async function loadFile() {
      try {
        state.fileText = JSON.stringify(await api.configurationFile(), null, 2);
        state.fileError = "";
      } catch (error) {
        state.fileError = error.message;
      } finally {
        state.fileLoaded = true;
      }
    }

    async function checkStorage() {
      state.checkingStorage = true;
      try {
        state.storageCheck = await api.checkSharedStorage(state.storagePath);
      } catch (error) {
        state.storageCheck = { path: state.storagePath, is_usable: false, cause: error.message };
      } finally {
        state.checkingStorage = false;
      }
    }

    function offer(result) {
      const known = state.blenderCandidates.findIndex((c) => c.path === result.path && c.input === result.input);
      if (known >= 0) state.blenderCandidates[known] = result;
      else state.blenderCandidates.push(result);
      if (result.is_usable) state.blenderChoice = known >= 0 ? known : state.blenderCandidates.length - 1;
    }

    async function findBlender() {
      state.finding = true;
      try {
        const found = await api.findBlender();
        if (!found.length) notify("No Blender found on the Manager's PATH; give its location below.");
        found.forEach(offer);
      } catch (error) {
        notify(error.message, { kind: "error" });
      } finally {
        state.finding = false;
      }
    }

    async function checkBlender() {
      state.checkingBlender = true;
      try {
        offer(await api.checkBlender(state.blenderInput));
      } catch (error) {
        notify(error.message, { kind: "error" });
      } finally {
        state.checkingBlender = false;
      }
    }

    async function saveSetup() {
      state.saving = true;
      state.saved = false;
      try {
        await api.saveSetup({
          storageLocation: state.storagePath,
          blenderExecutable: state.blenderCandidates[state.blenderChoice],
        });
        state.saveError = "";
        state.saved = true;
        notify("Setup saved. Restart the Manager to use the new shared storage.");
        await Promise.all([loadConfig(), loadVariables(), loadFile()]);
      } catch (error) {
        state.saveError = error.message;
      } finally {
        state.saving = false;
      }
    }

    async function saveFile() {
      let parsed;
      try {
        parsed = JSON.parse(state.fileText);
      } catch (error) {
        state.fileError = `Not valid JSON: ${error.message}`;
        return;
      }
      state.fileSaving = true;
      try {
        await api.updateConfigurationFile(parsed);
        state.fileError = "";
        notify("Configuration file saved. Variables apply now; everything else when the Manager restarts.");
        await Promise.all([loadVariables(), loadFile()]);
      } catch (error) {
        state.fileError = error.message;
      } finally {
        state.fileSaving = false;
      }
    }

    onMounted(() => Promise.all([loadConfig(), loadVariables(), loadFile()]));
    watch(() => [state.platform, state.audience], loadVariables);

    return { state, PLATFORMS, checkStorage, findBlender, checkBlender, saveSetup, saveFile, loadFile };
  },
  template: `
    <section class="page setup">
      <h1>Settings</h1>
      <p class="error" v-if="state.error">{{ state.error }}</p>
      <p class="notice" v-if="state.config && state.config.isFirstRun" data-testid="first-run">
        This Manager has not been set up yet: choose its shared storage and Blender below.</p>

      <h2>Variables</h2>
      <div class="row">
        <label>Platform <select v-model="state.platform" data-testid="var-platform">
          <option v-for="p in PLATFORMS" :key="p" :value="p">{{ p }}</option></select></label>
        <label>Seen by <select v-model="state.audience" data-testid="var-audience">
          <option value="users">artists (users)</option><option value="workers">workers</option></select></label>
      </div>
      <p class="error" v-if="state.variablesError">{{ state.variablesError }}</p>
      <div class="table-wrap"><table class="table" data-testid="variables">
        <thead><tr><th>Variable</th><th>Value</th><th>Two-way</th></tr></thead>
        <tbody><tr v-for="[name, v] in state.variables" :key="name" :data-variable="name">
          <td class="mono">{{ name }}</td><td class="mono">{{ v.value }}</td><td>{{ v.is_twoway ? "yes" : "" }}</td>
        </tr></tbody>
      </table></div>
      <p v-if="state.storage">Shared storage on {{ state.storage.platform }}:
        <code data-testid="shared-storage">{{ state.storage.location }}</code>
        <span class="muted">(Shaman {{ state.storage.shamanEnabled ? "on" : "off" }})</span></p>

      <h2>Setup assistant</h2>
      <form class="setup-form" @submit.prevent="saveSetup">
        <fieldset>
          <legend>Shared storage</legend>
          <div class="row">
            <input id="setup-storage" v-model="state.storagePath" class="mono wide" autocomplete="off"
                   placeholder="/mnt/render" aria-label="Shared storage directory">
            <button type="button" data-testid="check-storage" @click="checkStorage" :disabled="state.checkingStorage">Check</button>
          </div>
          <p v-if="state.storageCheck" data-testid="storage-check" :class="state.storageCheck.is_usable ? 'ok' : 'error'">
            {{ state.storageCheck.is_usable ? "Usable" : "Not usable" }}: {{ state.storageCheck.cause }}</p>
        </fieldset>
        <fieldset>
          <legend>Blender</legend>
          <div class="row">
            <button type="button" data-testid="find-blender" @click="findBlender" :disabled="state.finding">Find Blender</button>
            <input id="setup-blender" v-model="state.blenderInput" class="mono wide" autocomplete="off"
                   placeholder="blender or /opt/blender/blender" aria-label="Blender command or path">
            <button type="button" data-testid="check-blender" @click="checkBlender" :disabled="state.checkingBlender || !state.blenderInput">Check</button>
          </div>
          <ul class="candidates" data-testid="blender-candidates">
            <li v-for="(c, i) in state.blenderCandidates" :key="i" :class="c.is_usable ? 'ok' : 'error'">
              <label><input type="radio" name="blender" :value="i" v-model="state.blenderChoice" :disabled="!c.is_usable">
                <span class="mono">{{ c.path || c.input }}</span> — {{ c.cause }}</label>
            </li>
          </ul>
        </fieldset>
        <p class="error" v-if="state.saveError" data-testid="setup-error">{{ state.saveError }}</p>
        <p class="ok" v-if="state.saved" data-testid="setup-saved">Saved. Restart the Manager to use the new shared storage.</p>
        <button type="submit" class="primary" data-testid="save-setup"
                :disabled="state.saving || state.blenderChoice < 0 || !state.storagePath">Save setup</button>
      </form>

      <h2>Configuration file</h2>
      <p class="muted">The Manager's configuration file as JSON, with defaults for what it leaves out. Saving
        checks it as the Manager does at start; variables apply at once, everything else at the next start.</p>
      <textarea v-model="state.fileText" class="mono config-file" rows="24" spellcheck="false"
                aria-label="Configuration file" data-testid="config-file" :disabled="!state.fileLoaded"></textarea>
      <p class="error" v-if="state.fileError" data-testid="config-error">{{ state.fileError }}</p>
      <div class="row">
        <button type="button" class="primary" data-testid="save-config" @click="saveFile" :disabled="state.fileSaving">Save configuration</button>
        <button type="button" @click="loadFile">Reload</button>
      </div>
    </section>`,
};
