// False-alarm rate of the spike test (npm run bench -- alerts): quiet Poisson streams with no spike,
// 30 days (after 14 days of warm-up) for many subjects at several rates, flat and with a day/night
// cycle. Every alert raised here is a false alarm. JSON lines {"name","value","unit"}.
import { DEFAULT_SPIKE_POLICY } from '../src/alerts/spike-test.js';
import { falseAlarms, quietSeries, rng } from './alert-data.js';

const DAYS = 30;
const SUBJECTS = Number(process.env.KC_BENCH_SUBJECTS ?? 200);
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1e6) / 1e6, unit })}\n`);
const policy = DEFAULT_SPIKE_POLICY;

let totalAlerts = 0;
let totalSubjectDays = 0;
const total = { hourAlerts: 0, dayAlerts: 0, hourWindows: 0, dayWindows: 0 };
for (const diurnal of [0, 0.8]) {
  for (const perHour of [0.02, 0.1, 0.5, 2, 10, 50]) {
    let hourAlerts = 0;
    let dayAlerts = 0;
    let hourWindows = 0;
    let dayWindows = 0;
    for (let s = 0; s < SUBJECTS; s++) {
      const rand = rng(1_000_003 * s + Math.round(perHour * 1000) + (diurnal ? 7 : 0));
      const r = falseAlarms(quietSeries((policy.baselineDays + DAYS) * 24, perHour, rand, diurnal), DAYS, policy);
      hourAlerts += r.hourAlerts;
      dayAlerts += r.dayAlerts;
      hourWindows += r.hourWindows;
      dayWindows += r.dayWindows;
    }
    const tag = `alerts.quiet.${diurnal ? 'diurnal' : 'flat'}.rate_${perHour}`;
    emit(`${tag}.hour_false_alarm_rate`, hourAlerts / hourWindows, 'alerts/hour-window');
    emit(`${tag}.day_false_alarm_rate`, dayAlerts / dayWindows, 'alerts/day-window');
    emit(`${tag}.alerts_per_subject_month`, (hourAlerts + dayAlerts) / SUBJECTS, 'alerts/30 days');
    totalAlerts += hourAlerts + dayAlerts;
    Object.assign(total, { hourAlerts: total.hourAlerts + hourAlerts, dayAlerts: total.dayAlerts + dayAlerts, hourWindows: total.hourWindows + hourWindows, dayWindows: total.dayWindows + dayWindows });
    totalSubjectDays += SUBJECTS * DAYS;
  }
}
emit('alerts.quiet.all.hour_false_alarm_rate', total.hourAlerts / total.hourWindows, 'alerts/hour-window');
emit('alerts.quiet.all.day_false_alarm_rate', total.dayAlerts / total.dayWindows, 'alerts/day-window');
emit('alerts.quiet.all.alerts_per_subject_month', (totalAlerts / totalSubjectDays) * DAYS, 'alerts/30 days');
emit('alerts.quiet.subjects', SUBJECTS * 12, 'subjects');
