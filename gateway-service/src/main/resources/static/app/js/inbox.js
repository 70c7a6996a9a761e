// The alert inbox: every alert of the clinician's patients, unacknowledged by default, most severe and newest first,
// filtered by status, category, severity and patient; acknowledge (one or several), comment and resolve without
// leaving the page. Live: the alert stream (GET /api/v1/alerts/stream) triggers a reload of the list, which keeps
// what the reader selected, opened or was typing.
import { api, currentUser, header, isClinician, el, keepAgesFresh, severityRank, patientName, liveStream, showError,
  confirmAction } from './vigil.js';
import { renderAlert } from './alerts.js';

const $ = id => document.getElementById(id);
const names = new Map();
let user;
let alerts = [];

function order(a, b) {
  return severityRank(b.severity) - severityRank(a.severity) || Date.parse(b.raisedAt) - Date.parse(a.raisedAt);
}

async function fetchAlerts() {
  const status = $('status').value;
  const category = $('category').value;
  const query = s => `/api/v1/alerts?status=${s}&limit=1000${category ? '&category=' + category : ''}`;
  const statuses = status === 'active' ? ['open', 'acknowledged'] : [status];
  const lists = await Promise.all(statuses.map(s => api(query(s))));
  return lists.flat();
}

function shown() {
  const severity = $('severity').value;
  const patient = $('patient').value;
  return alerts.filter(a => (!severity || a.severity === severity) && (!patient || a.patientId === patient)).sort(order);
}

function render() {
  const list = $('alerts');
  const existing = new Map([...list.querySelectorAll('li[data-alert-id]')].map(li => [li.dataset.alertId, li]));
  const visible = shown();
  const items = visible.map(alert => {
    const old = existing.get(alert.id);
    // Unchanged alerts keep their element, and with it a half-typed comment, a ticked box or opened history.
    if (old && old.dataset.updatedAt === alert.updatedAt) return old;
    const fresh = el('li', { 'data-alert-id': alert.id, 'data-updated-at': alert.updatedAt },
      renderAlert(alert, { patientName: names.get(alert.patientId), canAct: isClinician(user), selectable: true,
        onChanged: reload }));
    const box = old?.querySelector('input.select');
    if (box?.checked) fresh.querySelector('input.select')?.setAttribute('checked', '');
    return fresh;
  });
  list.replaceChildren(...items);
  if (!items.length) list.append(el('li', {}, el('p', { class: 'banner info' }, 'No alerts match.')));
  $('count').textContent = `${visible.length} alert${visible.length === 1 ? '' : 's'}`;
  updateSelection();
}

function selected() {
  return [...$('alerts').querySelectorAll('input.select:checked')].map(i => i.dataset.alertId);
}

function updateSelection() {
  const n = selected().length;
  $('ack-selected').disabled = n === 0;
  $('ack-selected').textContent = n ? `Acknowledge selected (${n})` : 'Acknowledge selected';
}

let reloading = null;
async function reload() {
  if (reloading) return reloading;
  reloading = (async () => {
    try {
      alerts = await fetchAlerts();
      $('problems').replaceChildren();
      render();
    } catch (e) {
      showError($('problems'), e);
    } finally {
      reloading = null;
    }
  })();
  return reloading;
}

async function acknowledgeSelected() {
  const ids = selected();
  if (!ids.length) return;
  if (!await confirmAction(`Acknowledge ${ids.length} alert${ids.length === 1 ? '' : 's'}? This cannot be undone.`,
    'Acknowledge')) return;
  const failures = [];
  for (const id of ids) {
    try {
      await api(`/api/v1/alerts/${id}/acknowledge`, { method: 'POST', body: {} });
    } catch (e) {
      failures.push(e.message);
    }
  }
  await reload();
  if (failures.length) showError($('problems'), new Error(`${failures.length} could not be acknowledged: ${failures[0]}`));
}

async function start() {
  user = await currentUser();
  header(user, 'alerts');
  document.querySelector('form.toolbar').addEventListener('submit', e => e.preventDefault());
  try {
    const ward = await api('/api/v1/ward');
    for (const p of ward.patients) names.set(p.patientId, patientName(p));
    const select = $('patient');
    [...names].sort((a, b) => a[1].localeCompare(b[1]))
      .forEach(([id, name]) => select.append(el('option', { value: id }, name)));
  } catch (e) {
    showError($('problems'), e);
  }
  $('status').addEventListener('change', reload);
  $('category').addEventListener('change', reload);
  $('severity').addEventListener('change', render);
  $('patient').addEventListener('change', render);
  $('alerts').addEventListener('change', e => { if (e.target.matches('input.select')) updateSelection(); });
  $('select-all').addEventListener('change', e => {
    $('alerts').querySelectorAll('input.select').forEach(box => { box.checked = e.target.checked; });
    updateSelection();
  });
  $('ack-selected').addEventListener('click', acknowledgeSelected);
  await reload();
  keepAgesFresh();
  let timer = null;
  liveStream('/api/v1/alerts/stream', 'change', () => {
    clearTimeout(timer);
    timer = setTimeout(reload, 200);
  }, $('live'), reload);
}

start().catch(e => showError($('problems'), e));
