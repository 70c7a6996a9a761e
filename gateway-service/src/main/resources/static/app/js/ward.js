// The ward view: every patient the clinician may see, most urgent first, from ONE call (GET /api/v1/ward), kept live
// by the ward stream (GET /api/v1/ward/stream, Server-Sent Events naming the patients whose row changed). Rows are
// updated in place; when priorities change the order is not shuffled under the reader's eyes: a button offers to
// re-sort.
import {
  api, currentUser, header, isClinician, isPatientOnly, el, ageNode, keepAgesFresh, severityBadge, severityRank,
  interpretationBadge, riskBadge, trendText, patientName, identifierText, ageYears, unitText, valueText, duration,
  liveStream, showError,
} from './vigil.js';

const COLUMNS = ['heart-rate', 'respiratory-rate', 'spo2', 'blood-pressure', 'body-temperature', 'blood-glucose',
  'consciousness'];
const RISK_RANK = { high: 4, medium: 3, 'low-medium': 2, low: 1 };

const rows = new Map();      // patientId -> ward row (as the API answered it)
let displayed = [];          // patientIds in the order shown

const $ = id => document.getElementById(id);

function highestAlert(row) {
  return Math.max(severityRank(row.alerts?.clinical?.highestSeverity), severityRank(row.alerts?.technical?.highestSeverity));
}

/** The server's acuity order, recomputed here only to notice that the shown order has become stale. */
function acuity(a, b) {
  return (RISK_RANK[b.news2?.risk] ?? 0) - (RISK_RANK[a.news2?.risk] ?? 0)
    || highestAlert(b) - highestAlert(a)
    || (b.staleSeconds ?? -1) - (a.staleSeconds ?? -1)
    || (a.family || '').localeCompare(b.family || '') || (a.given || '').localeCompare(b.given || '')
    || a.patientId.localeCompare(b.patientId);
}

/** Clinical and technical alerts kept apart, each as count and highest severity in words. */
function alertsCell(alerts) {
  const line = (summary, kind) => {
    if (!summary || !summary.open) return null;
    const unack = summary.unacknowledged ? `, ${summary.unacknowledged} unack.` : '';
    return el('div', { class: `alerts-${kind}` }, severityBadge(summary.highestSeverity),
      el('span', { class: 'small' }, ` ${summary.open} ${kind}${unack}`));
  };
  const clinical = line(alerts?.clinical, 'clinical');
  const technical = line(alerts?.technical, 'technical');
  if (!clinical && !technical) return el('td', {}, el('span', { class: 'badge badge-none' }, 'None'));
  return el('td', { class: 'alerts' }, clinical, technical);
}

function vitalCell(row, type) {
  const vital = (row.vitals || []).find(v => v.type === type);
  if (!vital) return el('td', { class: 'vital none' }, '—');
  return el('td', { class: 'vital', 'data-type': type },
    el('span', { class: 'value' }, valueText(vital)), ' ',
    el('span', { class: 'unit' }, unitText(vital.unit)),
    interpretationBadge(vital.interpretation, vital.interpretationText),
    ageNode(vital.observedAt));
}

function renderRow(row) {
  const age = ageYears(row.birthDate);
  const ids = (row.identifiers || []).map(identifierText).join(', ');
  const firstId = (row.identifiers || []).map(identifierText)[0] || '';
  const href = `/app/patient.html?id=${encodeURIComponent(row.patientId)}`;
  const news2 = row.news2
    ? el('td', {}, el('span', { class: 'news2-total', 'aria-label': `NEWS2 ${row.news2.total ?? 'incomplete'}` },
      row.news2.total ?? '?'), riskBadge(row.news2.risk), trendText(row.news2),
    row.news2.complete ? null : el('span', { class: 'small' }, ' (incomplete)'))
    : el('td', {}, el('span', { class: 'badge badge-none' }, 'No score'));
  const last = row.lastReadingAt
    ? el('td', {}, row.stale ? el('span', { class: 'stale' }, el('span', { 'aria-hidden': 'true' }, '⚠ '),
      `No data for ${duration(row.staleSeconds)}`) : ageNode(row.lastReadingAt))
    : el('td', {}, el('span', { class: 'stale' }, 'No data yet'));
  return el('tr', { 'data-patient-id': row.patientId },
    el('th', { class: 'patient', scope: 'row' }, el('a', { href }, patientName(row)),
      el('span', { class: 'age', title: ids }, [age !== null ? `${age} y` : null, firstId].filter(Boolean).join(' · '))),
    news2,
    alertsCell(row.alerts),
    COLUMNS.map(type => vitalCell(row, type)),
    last);
}

function matches(row) {
  const q = $('search').value.trim().toLowerCase();
  const team = $('care-team').value;
  if ($('open-alerts').checked && !((row.alerts?.clinical?.open || 0) + (row.alerts?.technical?.open || 0))) return false;
  if (team && !(row.careTeams || []).some(t => t.id === team)) return false;
  if (q) {
    const words = [row.family, row.given, ...(row.identifiers || []).map(identifierText), ...(row.identifiers || [])]
      .filter(Boolean).map(s => s.toLowerCase());
    if (!words.some(w => w.includes(q))) return false;
  }
  return true;
}

function applyFilters() {
  let shown = 0;
  for (const tr of $('rows').querySelectorAll('tr[data-patient-id]')) {
    const visible = matches(rows.get(tr.dataset.patientId));
    tr.hidden = !visible;
    if (visible) shown++;
  }
  $('count').textContent = `Showing ${shown} of ${rows.size} patients`;
}

function renderAll() {
  const body = $('rows');
  body.replaceChildren(...displayed.map(id => renderRow(rows.get(id))));
  if (!displayed.length) {
    body.append(el('tr', {}, el('td', { colspan: 11 }, 'No patients: you are in no care team with patients yet.')));
  }
  $('resort').hidden = true;
  applyFilters();
}

function fillCareTeams() {
  const select = $('care-team');
  const chosen = select.value;
  const teams = new Map();
  rows.forEach(r => (r.careTeams || []).forEach(t => teams.set(t.id, t.name)));
  select.replaceChildren(el('option', { value: '' }, 'All my care teams'),
    ...[...teams].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => el('option', { value: id }, name)));
  select.value = teams.has(chosen) ? chosen : '';
}

async function loadAll() {
  const ward = await api('/api/v1/ward');
  rows.clear();
  for (const row of ward.patients) rows.set(row.patientId, row);
  displayed = ward.patients.map(r => r.patientId);
  fillCareTeams();
  renderAll();
}

function checkOrder() {
  const sorted = [...displayed].sort((a, b) => acuity(rows.get(a), rows.get(b)));
  $('resort').hidden = sorted.every((id, i) => id === displayed[i]);
}

/** The whole ward again, rows replaced in place (order kept; the re-sort button says when it is stale). */
async function refreshAll() {
  const ward = await api('/api/v1/ward');
  const fresh = new Map(ward.patients.map(r => [r.patientId, r]));
  for (const id of displayed) {
    if (!fresh.has(id)) {
      rows.delete(id);
      $('rows').querySelector(`tr[data-patient-id="${CSS.escape(id)}"]`)?.remove();
    }
  }
  displayed = displayed.filter(id => fresh.has(id));
  for (const row of ward.patients) {
    if (!rows.has(row.patientId)) displayed.push(row.patientId);
    const old = rows.get(row.patientId);
    // Only a change in what was measured or decided is highlighted; the age of the data grows by itself.
    const same = (a, b) => JSON.stringify({ ...a, staleSeconds: 0 }) === JSON.stringify({ ...b, staleSeconds: 0 });
    if (!old || !same(old, row)) replaceRow(row);
    else if (old.staleSeconds !== row.staleSeconds) replaceRow(row, false);
  }
  checkOrder();
  applyFilters();
}

async function refreshRows(ids) {
  if (ids.length > 20) {
    // Many at once (a whole ward's readings in one tick): one call is cheaper than twenty.
    await refreshAll();
    return;
  }
  const answers = await Promise.all(ids.map(id => api(`/api/v1/ward?patientId=${encodeURIComponent(id)}`)
    .then(answer => ({ id, row: answer.patients[0] }), error => ({ id, error }))));
  for (const { id, row, error } of answers) {
    if (error) {
      if (error.status === 403 || error.status === 404) {
        rows.delete(id);
        displayed = displayed.filter(x => x !== id);
        $('rows').querySelector(`tr[data-patient-id="${CSS.escape(id)}"]`)?.remove();
      }
      continue;
    }
    if (!row) continue;
    if (!rows.has(id)) displayed.push(id);
    replaceRow(row);
  }
  checkOrder();
  applyFilters();
}

function replaceRow(row, highlight = true) {
  rows.set(row.patientId, row);
  const tr = renderRow(row);
  if (highlight) tr.classList.add('changed');
  const old = $('rows').querySelector(`tr[data-patient-id="${CSS.escape(row.patientId)}"]`);
  if (old) old.replaceWith(tr); else $('rows').append(tr);
}

async function start() {
  const user = await currentUser();
  if (isPatientOnly(user)) {
    // A patient has one record, their own: straight to it.
    const mine = await api('/api/v1/patients?limit=1');
    const own = mine.patients[0];
    window.location.replace(own ? `/app/patient.html?id=${encodeURIComponent(own.id)}` : '/app/patient.html');
    return;
  }
  header(user, 'ward');
  if (isClinician(user)) {
    $('break-glass').hidden = false;
    $('break-glass-form').addEventListener('submit', e => {
      e.preventDefault();
      const id = $('break-glass-id').value.trim();
      if (id) window.location.assign(`/app/patient.html?id=${encodeURIComponent(id)}`);
    });
  }
  document.querySelector('form.toolbar').addEventListener('submit', e => e.preventDefault());
  ['search', 'care-team', 'open-alerts'].forEach(id => $(id).addEventListener('input', applyFilters));
  $('resort').addEventListener('click', () => {
    displayed.sort((a, b) => acuity(rows.get(a), rows.get(b)));
    renderAll();
  });
  try {
    await loadAll();
  } catch (e) {
    showError($('problems'), e);
    $('rows').replaceChildren();
    return;
  }
  keepAgesFresh();
  // A device that goes quiet sends no event: the whole ward is read again each minute, so that staleness shows.
  setInterval(() => refreshAll().catch(e => showError($('problems'), e)), 60000);
  let pending = new Set();
  let timer = null;
  liveStream('/api/v1/ward/stream', 'ward', data => {
    (data.patientIds || []).forEach(id => pending.add(id));
    if (!timer) {
      timer = setTimeout(async () => {
        const ids = [...pending];
        pending = new Set();
        timer = null;
        try { await refreshRows(ids); } catch (e) { showError($('problems'), e); }
      }, 150);
    }
  }, $('live'), () => loadAll().catch(e => showError($('problems'), e)));
}

start().catch(e => showError($('problems'), e));
