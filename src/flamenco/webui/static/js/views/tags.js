// Worker tags (/app/tags): groups of workers that a job can be limited to. Create, rename, describe
// and delete them, and see which workers are in each. Tags are Flamenco 3.8's (its /api/v3 door).

import { reactive, onMounted } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { notify } from "../notify.js";
import { RouterLink } from "../router.js";
import { tagList, loadTags } from "../components/farmtags.js";

export const TagsView = {
  components: { RouterLink },
  setup() {
    const form = reactive({ name: "", description: "", busy: false });
    const editing = reactive({ id: "", name: "", description: "" });
    const members = reactive({}); // tag id → worker names
    // Who is in which tag: 3.8's worker list has no tags, so each worker's details are read.
    const loadMembers = async () => {
      try {
        const { workers } = await api.v3Workers();
        const details = await Promise.all(workers.map((w) => api.v3Worker(w.id).catch(() => null)));
        for (const key of Object.keys(members)) delete members[key];
        for (const worker of details.filter(Boolean))
          for (const tag of worker.tags || []) (members[tag.id] ||= []).push(worker.name);
      } catch {
        // the tags still show; membership is extra
      }
    };
    const reload = () => Promise.all([loadTags(), loadMembers()]);
    onMounted(reload);

    const run = async (call, done) => {
      try {
        await call();
        notify(done);
        await reload();
        return true;
      } catch (error) {
        notify(error.message, { kind: "error" });
        return false;
      }
    };
    const create = async () => {
      form.busy = true;
      const name = form.name.trim();
      if (await run(() => api.createWorkerTag(name, form.description.trim()), `Tag ${name} created`))
        Object.assign(form, { name: "", description: "" });
      form.busy = false;
    };
    const edit = (tag) => Object.assign(editing, { id: tag.id, name: tag.name, description: tag.description || "" });
    const save = async () => {
      if (await run(() => api.updateWorkerTag(editing.id, editing.name.trim(), editing.description), "Tag saved"))
        editing.id = "";
    };
    const remove = (tag) => {
      const why = "Its workers leave it, and jobs limited to it may then run on any worker.";
      if (window.confirm(`Delete tag ${tag.name}? ${why}`)) run(() => api.deleteWorkerTag(tag.id), `Tag ${tag.name} deleted`);
    };
    return { tagList, form, editing, members, create, edit, save, remove };
  },
  template: `
  <section class="page tags-page">
    <header class="page-head"><h1>Worker tags</h1></header>
    <p class="muted">A job with a tag runs only on workers with that tag; a job without one runs on any worker.
      Give workers their tags on the <RouterLink to="/workers">Workers</RouterLink> page, jobs theirs on the job's page.</p>
    <p v-if="tagList.error" class="error-box" role="alert">{{ tagList.error }}</p>
    <form class="field-row tag-form" @submit.prevent="create" aria-label="New tag">
      <div class="field"><label for="tag-name">Name</label>
        <input id="tag-name" v-model="form.name" required maxlength="64" placeholder="gpu" data-testid="tag-name" /></div>
      <div class="field grow"><label for="tag-description">Description</label>
        <input id="tag-description" v-model="form.description" placeholder="what its workers have in common" data-testid="tag-description" /></div>
      <div class="field"><button type="submit" class="btn primary" :disabled="form.busy || !form.name.trim()" data-testid="tag-create">Create tag</button></div>
    </form>
    <table class="grid tags-table" :aria-busy="!tagList.loaded">
      <thead><tr><th>Name</th><th>Description</th><th>Workers</th><th></th></tr></thead>
      <tbody>
        <tr v-for="t in tagList.tags" :key="t.id" :data-tag-id="t.id" :data-tag-name="t.name">
          <template v-if="editing.id === t.id">
            <td><input v-model="editing.name" maxlength="64" aria-label="Name" data-testid="edit-name" /></td>
            <td><input v-model="editing.description" aria-label="Description" data-testid="edit-description" /></td>
            <td class="muted">{{ (members[t.id] || []).join(', ') }}</td>
            <td class="row-actions"><button type="button" class="btn primary act-save" @click="save">Save</button>
              <button type="button" class="btn" @click="editing.id = ''">Cancel</button></td>
          </template>
          <template v-else>
            <td class="col-name">{{ t.name }}</td>
            <td class="muted">{{ t.description || '' }}</td>
            <td class="tag-members">{{ (members[t.id] || []).join(', ') }}</td>
            <td class="row-actions"><button type="button" class="btn act-edit" @click="edit(t)">Edit</button>
              <button type="button" class="btn act-delete" @click="remove(t)">Delete</button></td>
          </template>
        </tr>
      </tbody>
    </table>
    <p v-if="tagList.loaded && !tagList.tags.length && !tagList.error" class="empty">No worker tags yet.</p>
  </section>`,
};
