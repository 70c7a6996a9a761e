// One alert as the inbox and the patient page show it: severity in words and icon, what was seen, when, its status
// and escalation, and (for clinicians) acknowledge, comment and resolve inline, each confirmed first because none of
// them can be undone. Its history opens on demand.
import { api, el, ageNode, dateTime, severityBadge, unitText, confirmAction, duration } from './vigil.js';

const CHANGE_WORDS = {
  raised: 'Raised', updated: 'Worse value seen', acknowledged: 'Acknowledged', commented: 'Comment',
  escalated: 'Escalated', resolved: 'Resolved',
};

function escalation(alert) {
  const parts = [];
  if (alert.escalationLevel > 0) parts.push(`Escalated to level ${alert.escalationLevel}`);
  if (alert.notified && alert.notified.length) parts.push(`notified: ${alert.notified.join(', ')}`);
  if (alert.escalationDueAt && alert.status === 'open') {
    const inSeconds = (Date.parse(alert.escalationDueAt) - Date.now()) / 1000;
    parts.push(inSeconds > 0 ? `next escalation at ${dateTime(alert.escalationDueAt)} (in ${duration(inSeconds)})`
      : `next escalation due since ${dateTime(alert.escalationDueAt)}`);
  }
  if (!parts.length) return null;
  return el('p', { class: 'small escalation' }, parts.join('; ') + '.');
}

async function loadHistory(alert, list) {
  try {
    const entries = await api(`/api/v1/alerts/${alert.id}/history`);
    list.replaceChildren(...entries.map(h => el('li', {},
      el('strong', {}, CHANGE_WORDS[h.change] || h.change), ` ${dateTime(h.at)}`,
      h.by ? ` by ${h.by}` : '', h.detail ? `: ${h.detail}` : '')));
    if (!entries.length) list.append(el('li', {}, 'No history.'));
  } catch (e) {
    list.replaceChildren(el('li', { role: 'alert' }, e.message));
  }
}

/**
 * @param alert the API's alert
 * @param options patientName (text), canAct (clinician), onChanged(alert) after a change, selectable (inbox checkbox)
 */
export function renderAlert(alert, { patientName, canAct, onChanged, selectable } = {}) {
  const unit = alert.unit ? ` ${unitText(alert.unit)}` : '';
  const status = el('span', { class: `status-${alert.status}` },
    { open: 'Unacknowledged', acknowledged: 'Acknowledged', resolved: 'Resolved' }[alert.status] || alert.status);
  const who = alert.status === 'acknowledged' && alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}`
    : alert.status === 'resolved' ? (alert.resolvedBy ? ` by ${alert.resolvedBy}` : ' automatically') : '';
  const heading = el('header', {},
    selectable && alert.status === 'open' && canAct
      ? el('input', { type: 'checkbox', class: 'select', 'data-alert-id': alert.id,
        'aria-label': `Select alert: ${alert.message}${patientName ? ' for ' + patientName : ''}` }) : null,
    severityBadge(alert.severity),
    el('span', { class: 'small' }, alert.category === 'technical' ? 'Technical' : 'Clinical'),
    patientName ? el('a', { href: `/app/patient.html?id=${encodeURIComponent(alert.patientId)}` }, patientName) : null,
    el('span', { class: 'message' }, alert.message),
    alert.category === 'clinical' ? el('span', {}, `Worst value ${alert.value}${unit}`) : null,
    el('span', { class: 'small' }, 'Raised ', ageNode(alert.raisedAt)),
    el('span', {}, status, who));

  const article = el('article', { class: `alert sev-border-${alert.severity}`, 'data-alert-id': alert.id,
    'data-rule': alert.rule, 'data-patient-id': alert.patientId,
    'data-status': alert.status, 'aria-label': `${alert.severity} severity alert: ${alert.message}` }, heading,
  escalation(alert));
  if (alert.acknowledgeComment) article.append(el('p', { class: 'small' }, `Acknowledgement note: ${alert.acknowledgeComment}`));
  if (alert.resolution) article.append(el('p', { class: 'small' }, `Resolution: ${alert.resolution}`));

  if (canAct && alert.status !== 'resolved') {
    const comment = el('input', { type: 'text', maxlength: 2000, 'aria-label': 'Comment or note', placeholder: 'Comment or note' });
    const feedback = el('span', { class: 'small', role: 'status' });
    const act = async (what, path, body, question) => {
      if (!await confirmAction(question, what)) return;
      try {
        const changed = await api(path, { method: 'POST', body });
        feedback.textContent = `${what}: done.`;
        comment.value = '';
        onChanged?.(changed && changed.id ? changed : null);
      } catch (e) {
        feedback.textContent = e.message;
      }
    };
    const note = () => (comment.value.trim() ? comment.value.trim() : undefined);
    article.append(el('div', { class: 'actions' },
      alert.status === 'open' ? el('button', { type: 'button', class: 'ack', onclick: () => act('Acknowledge',
        `/api/v1/alerts/${alert.id}/acknowledge`, { comment: note() },
        `Acknowledge "${alert.message}"${patientName ? ' for ' + patientName : ''}? This cannot be undone.`) },
      'Acknowledge') : null,
      comment,
      el('button', { type: 'button', class: 'secondary comment', onclick: () => {
        if (!note()) { feedback.textContent = 'Write the comment first.'; comment.focus(); return; }
        act('Add comment', `/api/v1/alerts/${alert.id}/comments`, { text: note() },
          'Add this comment to the alert? Comments cannot be edited or removed.');
      } }, 'Add comment'),
      el('button', { type: 'button', class: 'danger resolve', onclick: () => act('Resolve',
        `/api/v1/alerts/${alert.id}/resolve`, { comment: note() },
        `Resolve "${alert.message}"${patientName ? ' for ' + patientName : ''}? A resolved alert cannot be reopened.`) },
      'Resolve'),
      feedback));
  }
  const historyList = el('ul', { class: 'small' }, el('li', {}, 'Loading…'));
  const details = el('details', {}, el('summary', {}, 'History and comments'), historyList);
  details.addEventListener('toggle', () => { if (details.open) loadHistory(alert, historyList); });
  article.append(details);
  return article;
}
