// A worker's sleep schedule (Flamenco 3.8): when the Manager sends it to sleep and wakes it up.
// Times are in the Manager's time zone; no day ticked means every day; an empty time means midnight.

import { reactive, watch } from "../../vendor/vue.esm-browser.prod.js";
import { api } from "../api.js";
import { notify } from "../notify.js";

const DAYS = [["mo", "Mon"], ["tu", "Tue"], ["we", "Wed"], ["th", "Thu"], ["fr", "Fri"], ["sa", "Sat"], ["su", "Sun"]];

export const SleepSchedule = {
  props: { workerId: { type: String, required: true } },
  setup(props) {
    const form = reactive({ loaded: false, exists: false, is_active: true, days: [], start_time: "", end_time: "", saving: false, error: "" });
    const load = async (id) => {
      form.loaded = false;
      try {
        const schedule = await api.sleepSchedule(id);
        if (id !== props.workerId) return;
        Object.assign(form, {
          exists: !!schedule,
          is_active: schedule ? schedule.is_active : true,
          days: schedule && schedule.days_of_week ? schedule.days_of_week.split(" ") : [],
          start_time: schedule ? schedule.start_time : "",
          end_time: schedule ? schedule.end_time : "",
          error: "",
        });
      } catch (error) {
        form.error = error.message;
      } finally {
        form.loaded = true;
      }
    };
    watch(() => props.workerId, load, { immediate: true });
    const save = async () => {
      form.saving = true;
      const days = DAYS.map(([day]) => day).filter((day) => form.days.includes(day)).join(" ");
      const schedule = { is_active: form.is_active, days_of_week: days, start_time: form.start_time, end_time: form.end_time };
      try {
        await api.setSleepSchedule(props.workerId, schedule);
        notify("Sleep schedule saved");
        await load(props.workerId);
      } catch (error) {
        form.error = error.message;
        notify(`Sleep schedule: ${error.message}`, { kind: "error" });
      } finally {
        form.saving = false;
      }
    };
    return { form, save, DAYS };
  },
  template: `
    <form class="sleep-schedule" data-testid="sleep-schedule" @submit.prevent="save" aria-label="Sleep schedule">
      <h3>Sleep schedule <span class="muted" v-if="form.loaded && !form.exists" data-testid="sleep-none">(none)</span></h3>
      <label class="check"><input type="checkbox" v-model="form.is_active" data-testid="sleep-active"> Active</label>
      <fieldset class="days"><legend>Days <span class="muted">(none ticked: every day)</span></legend>
        <label v-for="[day, label] in DAYS" :key="day" class="check">
          <input type="checkbox" :value="day" v-model="form.days" :data-testid="'sleep-day-' + day"> {{ label }}</label>
      </fieldset>
      <div class="times">
        <label>Asleep from <input type="time" v-model="form.start_time" data-testid="sleep-start"></label>
        <label>until <input type="time" v-model="form.end_time" data-testid="sleep-end"></label>
      </div>
      <p class="help-text">Manager's time zone; an empty time means midnight.</p>
      <p v-if="form.error" class="error-box" role="alert">{{ form.error }}</p>
      <button type="submit" class="btn" :disabled="form.saving" data-testid="sleep-save">Save schedule</button>
    </form>`,
};
