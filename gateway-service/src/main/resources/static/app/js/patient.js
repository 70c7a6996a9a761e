// A patient's page: who they are; their latest values against their thresholds and NEWS2; a chart per vital over
// 6 h / 24 h / 7 d / 30 d from the server's downsampled series; the CGM report for glucose; their alerts with history
// and actions; devices and assignment history; thresholds and the NEWS2 SpO2 scale for those allowed to change them.
// A clinician without access is offered break-glass (reason required, recorded for review). A patient sees their own
// values, charts and glucose report, read-only, and nothing else.
import {
  api, currentUser, header, isClinician, isPatientOnly, el, ageNode, keepAgesFresh, interpretationBadge, riskBadge,
  trendText, patientName, identifierText, ageYears, unitText, valueText, TYPES, showError, confirmAction, dateTime,
  severityBadge, liveStream,
} from './vigil.js';
import { vitalChart, news2Chart, agpChart } from './charts.js';
import { renderAlert } from './alerts.js';

const $ = id => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id');
const RANGES = [['6h', '6 h', 6 * 3600], ['24h', '24 h', 24 * 3600], ['7d', '7 d', 7 * 86400], ['30d', '30 d', 30 * 86400]];
const CHARTED = ['heart-rate', 'respiratory-rate', 'spo2', 'blood-pressure', 'body-temperature', 'blood-glucose',
  'body-weight'];
// Up to 12,000 points a chart (uPlot stays smooth with them): a day at 8 s, 30 days at 4 min per point.
const POINTS = 12000;
const OPERATORS = { gt: ['>', 'above'], ge: ['≥', 'at or above'], lt: ['<', 'below'], le: ['≤', 'at or below'] };
let user;
let range = RANGES[1];
let state = null;          // this patient's ward row
let thresholds = null;     // null: the caller may not see them
let recorded = new Set();  // the vital types this patient has readings of (vitals-service), charted

const section = (key, title, ...children) => el('section', { class: 'panel', id: key, 'aria-labelledby': `${key}-h` },
  el('h2', { id: `${key}-h` }, title), ...children);

async function identity() {
  try {
    return await api(`/api/v1/patients/${encodeURIComponent(id)}`);
  } catch (e) {
    // Just granted: a 403 is a service still answering from before the grant (afterGrant tries again).
    if (e.status === 403 && isClinician(user) && sessionStorage.getItem('vigil.granted') !== id) {
      breakGlassForm();
      return null;
    }
    throw e;
  }
}

function breakGlassForm() {
  $('name').textContent = 'No access to this patient';
  const reason = el('textarea', { id: 'bg-reason', rows: 3, cols: 60, required: true, minlength: 10, maxlength: 500 });
  const feedback = el('p', { role: 'status' });
  const form = el('form', { class: 'panel' },
    el('p', {}, 'This patient is not in your care teams. In an emergency you may open the record by break-glass: ',
      'access is granted for a limited time, and it is recorded and reviewed.'),
    el('label', { for: 'bg-reason' }, 'Why do you need this record? (required)'), el('br'), reason,
    el('p', {}, el('button', { type: 'submit', class: 'danger' }, 'Open record by break-glass')), feedback);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (reason.value.trim().length < 10) { feedback.textContent = 'Please give a reason of at least 10 characters.'; return; }
    if (!await confirmAction('Open this record by break-glass? Your reason and every view are recorded for review.',
      'Open record')) return;
    try {
      const granted = await api(`/api/v1/patients/${encodeURIComponent(id)}/break-glass`,
        { method: 'POST', body: { reason: reason.value.trim() } });
      feedback.textContent = `Access granted until ${dateTime(granted.until)}. Opening the record…`;
      sessionStorage.setItem('vigil.granted', id);
      location.reload();
    } catch (err) {
      feedback.textContent = err.message;
    }
  });
  $('content').replaceChildren(form);
}

function demographics(patient) {
  $('name').textContent = patientName({ ...patient, patientId: patient.id });
  document.title = `${patientName({ ...patient, patientId: patient.id })} — Vigil`;
  const age = ageYears(patient.birthDate);
  return el('dl', { class: 'facts' },
    el('dt', {}, 'Born'), el('dd', {}, patient.birthDate ? `${patient.birthDate}${age !== null ? ` (${age} years)` : ''}` : 'unknown'),
    el('dt', {}, 'Identifiers'), el('dd', {}, (patient.identifiers || []).map(identifierText).join(', ') || 'none'),
    state?.careTeams?.length ? [el('dt', {}, 'Care teams'), el('dd', {}, state.careTeams.map(t => t.name).join(', '))] : null);
}

function latestCards() {
  const wrap = el('div', { class: 'cards', id: 'latest' });
  if (!state || !state.vitals?.length) {
    wrap.append(el('p', {}, 'No readings yet.'));
    return wrap;
  }
  if (state.news2 && !isPatientOnly(user)) {
    wrap.append(el('div', { class: 'card', 'data-type': 'news2' }, el('h3', {}, 'NEWS2'),
      el('span', { class: 'value' }, state.news2.total ?? '?'), ' ', riskBadge(state.news2.risk), trendText(state.news2),
      ageNode(state.news2.computedAt)));
  }
  for (const vital of state.vitals) {
    wrap.append(el('div', { class: 'card', 'data-type': vital.type },
      el('h3', {}, TYPES[vital.type]?.label || vital.type),
      el('span', { class: 'value' }, valueText(vital)), ' ', el('span', { class: 'unit' }, unitText(vital.unit)),
      isPatientOnly(user) ? null : interpretationBadge(vital.interpretation, vital.interpretationText),
      ageNode(vital.observedAt)));
  }
  if (state.stale) {
    wrap.append(el('p', { class: 'stale' }, `No data since ${dateTime(state.lastReadingAt)}.`));
  }
  return wrap;
}

/** The patient's enabled threshold rules for one vital, as lines to draw (value in the rule's unit). */
function thresholdLines(type, unit) {
  if (!thresholds) return [];
  return thresholds.filter(t => t.type === type && t.kind === 'threshold' && t.enabled && t.unit === unit)
    .map(t => ({ value: Number(t.threshold), severity: t.severity,
      label: `${t.component ? t.component + ' ' : ''}${OPERATORS[t.operator]?.[0] ?? t.operator} ${t.threshold} (${t.severity})` }));
}

async function drawCharts(container) {
  const to = new Date();
  const from = new Date(to.getTime() - range[2] * 1000);
  const q = `from=${from.toISOString()}&to=${to.toISOString()}`;
  const period = [from.getTime() / 1000, to.getTime() / 1000];
  const types = CHARTED.filter(t => recorded.has(t));
  const figures = [];
  if (!isPatientOnly(user)) {
    try {
      const history = await api(`/api/v1/patients/${encodeURIComponent(id)}/news2/history?${q}&limit=5000`);
      figures.push(news2Chart(container, history.scores || [], period));
    } catch (e) {
      container.append(el('p', { class: 'banner error' }, `NEWS2 history: ${e.message}`));
    }
  }
  const answers = await Promise.all(types.map(type =>
    api(`/api/v1/patients/${encodeURIComponent(id)}/vitals/series?type=${type}&${q}&points=${POINTS}`)
      .catch(e => ({ error: e, type }))));
  for (const series of answers) {
    if (series.error) {
      container.append(el('p', { class: 'banner error' }, `${TYPES[series.type]?.label}: ${series.error.message}`));
      continue;
    }
    figures.push(vitalChart(container, series.type, series, thresholdLines(series.type, series.unit), period));
  }
  if (!types.length) container.append(el('p', {}, 'No readings to chart.'));
  return figures;
}

function chartsSection() {
  const holder = el('div', { id: 'charts', 'aria-live': 'off' });
  const buttons = RANGES.map(r => el('button', { type: 'button', class: 'secondary', 'aria-pressed': r === range ? 'true' : 'false',
    'data-range': r[0], onclick: async () => {
      range = r;
      buttons.forEach(b => b.setAttribute('aria-pressed', b.dataset.range === r[0] ? 'true' : 'false'));
      holder.replaceChildren(el('p', {}, 'Loading…'));
      const fresh = el('div');
      holder.replaceChildren(fresh);
      await drawCharts(fresh);
    } }, r[1]));
  const s = section('trends', 'Trends', el('div', { class: 'ranges', role: 'group', 'aria-label': 'Period' }, buttons), holder);
  drawCharts(holder).catch(e => showError(holder, e));
  return s;
}

const TIR_TARGETS = {   // Battelino et al., Diabetes Care 2019;42:1593–1603, table 2 (most adults with type 1 or 2)
  'very-low': '< 1 %', low: '< 4 %', 'in-range': '> 70 %', high: '< 25 %', 'very-high': '< 5 %',
};

async function glucoseSection() {
  if (!recorded.has('blood-glucose')) return null;
  const body = el('div');
  const days = el('select', { id: 'cgm-days' }, [7, 14, 30, 90].map(d => el('option', { value: d, selected: d === 14 }, `${d} days`)));
  const load = async () => {
    const to = new Date();
    const from = new Date(to.getTime() - Number(days.value) * 86400000);
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    body.replaceChildren(el('p', {}, 'Loading…'));
    try {
      const r = await api(`/api/v1/patients/${encodeURIComponent(id)}/glucose-report?from=${from.toISOString()}&to=${to.toISOString()}&tz=${encodeURIComponent(tz)}`);
      body.replaceChildren(...glucoseReport(r));
      agpChart(body, r.agp, r.unit);
    } catch (e) {
      showError(body, e);
    }
  };
  days.addEventListener('change', load);
  load();
  return section('glucose', 'Glucose: CGM report', el('label', { for: 'cgm-days' }, 'Period '), days, body);
}

function fmt(v, digits = 1, suffix = '') {
  return v === null || v === undefined ? '—' : `${Number(v).toFixed(digits)}${suffix}`;
}

function glucoseReport(r) {
  if (!r.readings) return [el('p', {}, 'No glucose readings in this period.')];
  const unit = unitText(r.unit);
  const facts = el('dl', { class: 'facts', id: 'cgm-metrics' },
    el('dt', {}, 'Period'), el('dd', {}, `${dateTime(r.from)} to ${dateTime(r.to)} (${r.timeZone})`),
    el('dt', {}, 'Readings'), el('dd', {}, `${r.readings} (sensor every ${fmt(r.sensorIntervalMinutes, 0)} min)`),
    el('dt', {}, 'CGM active'), el('dd', {}, fmt(r.activePercent, 1, ' %'), ' (target > 70 %)'),
    el('dt', {}, 'Mean glucose'), el('dd', {}, fmt(r.mean, 0, ` ${unit}`)),
    el('dt', {}, 'GMI'), el('dd', {}, fmt(r.gmiPercent, 1, ' %')),
    el('dt', {}, 'Variability (CV)'), el('dd', {}, fmt(r.cvPercent, 1, ' %'), ' (target ≤ 36 %)'),
    el('dt', {}, 'Standard deviation'), el('dd', {}, fmt(r.sd, 0, ` ${unit}`)));
  const bar = el('div', { class: 'tir', 'aria-hidden': 'true' }, r.ranges.map(range =>
    el('div', { class: range.code, style: `width:${Math.max(0, range.percent ?? 0)}%` },
      (range.percent ?? 0) >= 6 ? `${fmt(range.percent, 0, '%')}` : '')));
  const table = el('table', { id: 'tir' }, el('caption', {}, 'Time in ranges'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Range'), el('th', { scope: 'col' }, 'Time'),
      el('th', { scope: 'col' }, 'Per day'), el('th', { scope: 'col' }, 'Consensus target'))),
    el('tbody', {}, r.ranges.map(range => el('tr', { 'data-range': range.code },
      el('th', { scope: 'row' }, range.label), el('td', {}, fmt(range.percent, 1, ' %')),
      el('td', {}, perDay(range.percent)), el('td', {}, TIR_TARGETS[range.code] || '')))));
  return [facts, bar, table];
}

function perDay(percent) {
  if (percent === null || percent === undefined) return '—';
  const minutes = Math.round(percent / 100 * 1440);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

async function alertsSection() {
  const list = el('ul', { class: 'alert-list', id: 'patient-alerts' });
  const s = section('alerts', 'Alerts', list);
  const load = async () => {
    try {
      const alerts = await api(`/api/v1/alerts?patientId=${encodeURIComponent(id)}&limit=200`);
      list.replaceChildren(...alerts.map(a => el('li', {}, renderAlert(a, { canAct: isClinician(user), onChanged: load }))));
      if (!alerts.length) list.append(el('li', {}, 'No alerts.'));
    } catch (e) {
      showError(list, e);
    }
  };
  s.reload = load;
  await load();
  return s;
}

async function devicesSection() {
  const body = el('div');
  try {
    const answer = await api(`/api/v1/patients/${encodeURIComponent(id)}/devices`);
    const rows = (answer.devices || []).map(d => el('tr', {},
      el('td', {}, [d.manufacturer, d.model].filter(Boolean).join(' ') || 'Device'), el('td', {}, d.serial || ''),
      el('td', {}, dateTime(d.assignedFrom)), el('td', {}, d.assignedTo ? dateTime(d.assignedTo) : 'now (current)')));
    body.append(el('table', {}, el('caption', {}, 'Devices and when this patient wore them'),
      el('thead', {}, el('tr', {}, ['Device', 'Serial', 'From', 'Until'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: 4 }, 'No devices.')))));
  } catch (e) {
    showError(body, e);
  }
  return section('devices', 'Devices', body);
}

function settingsSection(scale) {
  const editable = thresholds.filter(t => t.kind === 'threshold');
  const inputs = new Map();
  const rows = editable.map(t => {
    const value = el('input', { type: 'number', step: 'any', value: t.threshold, 'aria-label': `${t.description}: threshold` });
    const enabled = el('input', { type: 'checkbox', checked: t.enabled, 'aria-label': `${t.description}: enabled` });
    inputs.set(t.rule, { value, enabled, t });
    return el('tr', { 'data-rule': t.rule }, el('th', { scope: 'row' }, t.description),
      el('td', {}, el('span', { title: OPERATORS[t.operator]?.[1] }, `${OPERATORS[t.operator]?.[0] ?? t.operator} `), value,
        ` ${unitText(t.unit)}`), el('td', {}, severityBadge(t.severity)),
      el('td', {}, enabled), el('td', {}, t.overridden ? 'This patient' : 'Default'));
  });
  const feedback = el('p', { role: 'status' });
  const save = el('button', { type: 'button', onclick: async () => {
    const overrides = [];
    for (const t of thresholds) {
      const input = inputs.get(t.rule);
      const changed = input && (Number(input.value.value) !== Number(t.threshold) || input.enabled.checked !== t.enabled);
      if (!t.overridden && !changed) continue;
      if (input && input.value.value === '') { feedback.textContent = `${t.description}: a threshold is required.`; return; }
      overrides.push({ rule: t.rule, operator: t.operator, threshold: input ? Number(input.value.value) : Number(t.threshold),
        severity: t.severity, enabled: input ? input.enabled.checked : t.enabled, consecutive: t.consecutive,
        minDuration: t.minDuration, clearMargin: Number(t.clearMargin), clearReadings: t.clearReadings });
    }
    if (!await confirmAction('Save these thresholds for this patient? They apply from the next reading.', 'Save')) return;
    try {
      thresholds = await api(`/api/v1/patients/${encodeURIComponent(id)}/thresholds`, { method: 'PUT', body: overrides });
      feedback.textContent = 'Thresholds saved.';
    } catch (e) {
      feedback.textContent = e.message;
    }
  } }, 'Save thresholds');
  const scaleSelect = el('select', { id: 'news2-scale' },
    el('option', { value: 1, selected: scale === 1 }, 'Scale 1 (most patients)'),
    el('option', { value: 2, selected: scale === 2 }, 'Scale 2 (prescribed SpO₂ target 88–92 %, hypercapnic respiratory failure)'));
  const scaleFeedback = el('span', { role: 'status' });
  const saveScale = el('button', { type: 'button', class: 'secondary', onclick: async () => {
    if (!await confirmAction(`Use NEWS2 SpO₂ scale ${scaleSelect.value} for this patient? Scale 2 only on a clinician's decision (RCP 2017).`, 'Change scale')) return;
    try {
      await api(`/api/v1/patients/${encodeURIComponent(id)}/news2-settings`, { method: 'PUT', body: { scale: Number(scaleSelect.value) } });
      scaleFeedback.textContent = ' Saved.';
    } catch (e) {
      scaleFeedback.textContent = ` ${e.message}`;
    }
  } }, 'Save scale');
  return section('settings', 'Thresholds and NEWS2 scale',
    el('table', {}, el('caption', {}, 'Alert thresholds for this patient'),
      el('thead', {}, el('tr', {}, ['Rule', 'Threshold', 'Severity', 'Enabled', 'Set for'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows)),
    el('p', {}, save), feedback,
    el('p', {}, el('label', { for: 'news2-scale' }, 'NEWS2 SpO₂ scale '), scaleSelect, ' ', saveScale, scaleFeedback));
}

async function loadState() {
  const answer = await api(`/api/v1/ward?patientId=${encodeURIComponent(id)}`);
  state = answer.patients[0] || null;
}

/**
 * Right after a break-glass grant the other services may still answer from the relationships they cached a few
 * seconds ago (403): try again for a while rather than show an error.
 */
async function afterGrant(load) {
  const granted = sessionStorage.getItem('vigil.granted') === id;
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (e) {
      if (!granted || e.status !== 403 || attempt >= 15) {
        sessionStorage.removeItem('vigil.granted');
        throw e;
      }
      $('problems').replaceChildren(el('p', { class: 'banner info' }, 'Access granted; opening the record…'));
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
}

async function start() {
  user = await currentUser();
  header(user, 'patient');
  if (!id) throw new Error('No patient chosen: open a patient from the ward.');
  const patient = await afterGrant(identity);
  if (!patient) return;
  await afterGrant(loadState);
  sessionStorage.removeItem('vigil.granted');
  $('problems').replaceChildren();
  try {
    const latest = await api(`/api/v1/patients/${encodeURIComponent(id)}/vitals/latest`);
    recorded = new Set((latest.vitals || []).map(v => v.type));
  } catch (e) {
    showError($('problems'), e);
  }
  const readOnly = isPatientOnly(user);
  if (!readOnly) {
    try { thresholds = await api(`/api/v1/patients/${encodeURIComponent(id)}/thresholds`); } catch { thresholds = null; }
  }
  const now = section('now', 'Now', latestCards());
  const content = [section('about', 'Patient', demographics(patient)), now, chartsSection()];
  $('content').replaceChildren(...content);
  const glucose = await glucoseSection();
  if (glucose) $('content').append(glucose);
  let alerts = null;
  if (!readOnly) {
    alerts = await alertsSection();
    $('content').append(alerts, await devicesSection());
    if (thresholds && isClinician(user)) {
      let scale = 1;
      try { scale = (await api(`/api/v1/patients/${encodeURIComponent(id)}/news2-settings`)).scale; } catch { /* default */ }
      $('content').append(settingsSection(scale));
    }
  }
  keepAgesFresh();
  // Live: the ward stream names this patient when a reading was evaluated or an alert changed.
  let timer = null;
  liveStream('/api/v1/ward/stream', 'ward', data => {
    if (!(data.patientIds || []).includes(id)) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        await loadState();
        now.querySelector('#latest').replaceWith(latestCards());
        alerts?.reload();
      } catch (e) { showError($('problems'), e); }
    }, 200);
  }, null, null);
}

start().catch(e => showError($('problems'), e));
