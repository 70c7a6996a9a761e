// Shared by every dashboard page: the API client (session cookie + CSRF header), formatting of values, ages and
// severities, the page header with sign-out and the break-glass banner, and confirmation of irreversible actions.
// The pages hold no data of their own: everything comes from the public REST API through this gateway.

const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

function cookie(name) {
  const match = document.cookie.split('; ').find(c => c.startsWith(name + '='));
  return match ? decodeURIComponent(match.substring(name.length + 1)) : null;
}

/** JSON from the API; a problem+json answer becomes an ApiError with its detail. Every call has a timeout. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = cookie('XSRF-TOKEN');
    if (csrf) headers['X-XSRF-TOKEN'] = csrf;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', signal: controller.signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, controller.signal.aborted ? 'The server did not answer in time.' : 'The server cannot be reached.');
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401) {
    // The session ended (idle timeout or sign-out elsewhere): sign in again and come back here.
    window.location.assign('/app/');
    throw new ApiError(401, 'Your session has ended.');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    throw new ApiError(response.status, (json && (json.detail || json.message)) || `The request failed (${response.status}).`);
  }
  return json;
}

/** Makes the first GET of a page also the CSRF cookie's first use: the gateway sets it on any session request. */
export async function currentUser() {
  const response = await fetch('/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    window.location.assign('/app/');
    throw new ApiError(response.status, 'Not signed in');
  }
  return response.json();
}

export const isClinician = user => user.roles.includes('clinician');
export const isPatientOnly = user => user.roles.includes('patient') && !user.roles.includes('clinician');

// ---- Formatting -------------------------------------------------------------------------------------------------

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** "2 h 10 min", "45 s": a duration as a clinician reads it. */
export function duration(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export function ago(instant, now = Date.now()) {
  if (!instant) return 'never';
  return `${duration((now - Date.parse(instant)) / 1000)} ago`;
}

export function dateTime(instant) {
  if (!instant) return '';
  return new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Every age on the page is recomputed each 15 s from its data-at attribute, so that "3 min ago" never lies. */
export function keepAgesFresh(root = document) {
  setInterval(() => {
    const now = Date.now();
    root.querySelectorAll('[data-at]').forEach(node => { node.textContent = ago(node.dataset.at, now); });
  }, 15000);
}

export function ageNode(instant) {
  return el('time', { datetime: instant, 'data-at': instant, title: dateTime(instant), class: 'age' }, ago(instant));
}

export const TYPES = {
  'heart-rate': { label: 'Heart rate', short: 'HR', digits: 0 },
  'respiratory-rate': { label: 'Respiratory rate', short: 'RR', digits: 0 },
  'spo2': { label: 'SpO₂', short: 'SpO₂', digits: 0 },
  'body-temperature': { label: 'Temperature', short: 'Temp', digits: 1 },
  'blood-pressure': { label: 'Blood pressure', short: 'BP', digits: 0 },
  'blood-glucose': { label: 'Glucose', short: 'Gluc', digits: 0 },
  'body-weight': { label: 'Weight', short: 'Wt', digits: 1 },
  'consciousness': { label: 'Consciousness (ACVPU)', short: 'ACVPU', digits: 0 },
  'supplemental-oxygen': { label: 'Supplemental oxygen', short: 'O₂', digits: 0 },
};

/** UCUM codes as people write them. */
export function unitText(unit) {
  return { 'Cel': '°C', '[degF]': '°F', 'mm[Hg]': 'mmHg', '/min': '/min', '%': '%', 'mg/dL': 'mg/dL', 'kg': 'kg',
    'mmol/L': 'mmol/L' }[unit] ?? (unit || '');
}

export function valueText(vital) {
  const digits = TYPES[vital.type]?.digits ?? 1;
  if (vital.systolic !== null && vital.systolic !== undefined) {
    return `${Math.round(vital.systolic)}/${Math.round(vital.diastolic)}`;
  }
  if (vital.code) return vital.code;
  if (vital.value === null || vital.value === undefined) return '—';
  return Number(vital.value).toFixed(digits);
}

// Severity is said in words and with an icon as well as by colour (never colour alone).
const SEVERITY = {
  high: { icon: '▲▲', word: 'High', rank: 4 },
  medium: { icon: '▲', word: 'Medium', rank: 3 },
  'low-medium': { icon: '△', word: 'Low–medium', rank: 2 },
  low: { icon: '●', word: 'Low', rank: 1 },
};

export function severityRank(severity) {
  return SEVERITY[severity]?.rank ?? 0;
}

export function severityBadge(severity, prefix = '') {
  const s = SEVERITY[severity];
  if (!s) return el('span', { class: 'badge badge-none' }, 'None');
  return el('span', { class: `badge sev-${severity}` }, el('span', { 'aria-hidden': 'true', class: 'icon' }, s.icon),
    ` ${prefix}${s.word}`);
}

const INTERPRETATION = {
  normal: { icon: '✓', word: 'Normal' },
  low: { icon: '↓', word: 'Low' },
  high: { icon: '↑', word: 'High' },
  'critical-low': { icon: '⇊', word: 'Critical low' },
  'critical-high': { icon: '⇈', word: 'Critical high' },
};

export function interpretationBadge(code, text) {
  const i = INTERPRETATION[code];
  if (!i) return null;
  return el('span', { class: `interp interp-${code}`, title: text || i.word },
    el('span', { 'aria-hidden': 'true', class: 'icon' }, i.icon), ` ${i.word}`);
}

const RISK = {
  high: { word: 'High risk', icon: '▲▲' },
  medium: { word: 'Medium risk', icon: '▲' },
  'low-medium': { word: 'Low–medium risk', icon: '△' },
  low: { word: 'Low risk', icon: '●' },
};

export function riskBadge(risk) {
  const r = RISK[risk];
  if (!r) return el('span', { class: 'badge badge-none' }, 'No score');
  return el('span', { class: `badge sev-${risk}` }, el('span', { 'aria-hidden': 'true', class: 'icon' }, r.icon), ` ${r.word}`);
}

export function trendText(news2) {
  if (!news2 || !news2.trend) return null;
  const words = { up: ['↑', 'rising'], down: ['↓', 'falling'], same: ['→', 'unchanged'] }[news2.trend];
  if (!words) return null;
  const since = news2.previousTotal === null || news2.previousTotal === undefined ? '' : ` from ${news2.previousTotal}`;
  return el('span', { class: `trend trend-${news2.trend}` }, el('span', { 'aria-hidden': 'true' }, words[0]), ` ${words[1]}${since}`);
}

export function patientName(p) {
  const family = p.family || '';
  const given = p.given || '';
  if (!family && !given) return `Patient ${p.patientId || p.id}`;
  return given ? `${family.toUpperCase()}, ${given}` : family.toUpperCase();
}

export function identifierText(identifier) {
  const bar = identifier.lastIndexOf('|');
  return bar >= 0 ? identifier.substring(bar + 1) : identifier;
}

export function ageYears(birthDate) {
  if (!birthDate) return null;
  const born = new Date(birthDate);
  const now = new Date();
  let years = now.getFullYear() - born.getFullYear();
  if (now.getMonth() < born.getMonth() || (now.getMonth() === born.getMonth() && now.getDate() < born.getDate())) years--;
  return years;
}

// ---- Page frame ---------------------------------------------------------------------------------------------------

/** The header every page shares: where you are, who you are, sign-out (a real form POST with the CSRF token). */
export function header(user, current) {
  const links = isPatientOnly(user) ? [] : [['ward', '/app/', 'Ward'], ['alerts', '/app/alerts.html', 'Alert inbox']];
  const nav = el('nav', { 'aria-label': 'Main' }, el('ul', {}, links.map(([key, href, text]) =>
    el('li', {}, el('a', { href, 'aria-current': key === current ? 'page' : null }, text)))));
  const signOut = el('form', { method: 'post', action: '/logout', class: 'sign-out' },
    el('input', { type: 'hidden', name: '_csrf', value: cookie('XSRF-TOKEN') || '' }),
    el('button', { type: 'submit', class: 'secondary' }, 'Sign out'));
  signOut.addEventListener('submit', () => { signOut.querySelector('input').value = cookie('XSRF-TOKEN') || ''; });
  const who = el('p', { class: 'who' }, 'Signed in as ', el('strong', {}, user.subject),
    ` (${user.roles.join(', ') || 'no role'})`);
  const bar = el('header', { class: 'top' }, el('a', { href: '/app/', class: 'brand' }, 'Vigil'), nav, who, signOut);
  document.body.prepend(bar);
  const banners = el('div', { id: 'banners', role: 'status', 'aria-live': 'polite' });
  bar.after(banners);
  if (isClinician(user)) breakGlassBanner(banners);
  return bar;
}

/** While a break-glass grant lasts, every page says so, for which patient and until when. */
export async function breakGlassBanner(container) {
  try {
    const answer = await api('/api/v1/break-glass');
    container.querySelectorAll('.break-glass').forEach(n => n.remove());
    for (const grant of answer.grants || []) {
      container.append(el('p', { class: 'banner break-glass' }, el('span', { 'aria-hidden': 'true' }, '⚠ '),
        'Break-glass access active for ', el('a', { href: `/app/patient.html?id=${encodeURIComponent(grant.patientId)}` },
          'patient ' + grant.patientId), ` until ${dateTime(grant.until)}. Every view is recorded for review.`));
    }
  } catch {
    // No grants to show: the banner is a courtesy, the grants themselves are enforced by the services.
  }
}

export function showError(container, error) {
  container.replaceChildren(el('p', { class: 'banner error', role: 'alert' }, error.message || String(error)));
}

/**
 * Asks before an action that cannot be undone; resolves true only on an explicit yes. A native modal dialog: focus
 * is trapped in it and Escape cancels.
 */
export function confirmAction(question, yesText = 'Confirm') {
  return new Promise(resolve => {
    const dialog = el('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-q' },
      el('p', { id: 'confirm-q' }, question),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', value: 'no' }, 'Cancel'),
        el('button', { type: 'button', class: 'primary', value: 'yes' }, yesText)));
    dialog.addEventListener('click', e => {
      if (e.target.tagName === 'BUTTON') dialog.close(e.target.value);
    });
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'yes'); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('button.primary').focus();
  });
}

/**
 * A Server-Sent Events subscription that says whether it is live; the browser reconnects by itself, and the page
 * reloads its data after a reconnect because events may have been missed meanwhile.
 */
/**
 * A live stream of server-sent events. EventSource reconnects by itself after a dropped connection, but gives up for
 * good when the server answers with an error status (a 429 when this person already has too many streams open, a
 * 401 after the session ended): then a new connection is tried after a pause that doubles from 15 s to 2 min, and
 * the status says the page is not live meanwhile. `onReconnect` runs after every reconnection, so that the
 * caller re-reads what it may have missed.
 */
export function liveStream(url, eventName, onEvent, statusNode, onReconnect) {
  let wasOpen = false;
  let pause = 15;
  const status = (text, live) => {
    if (!statusNode) return;
    statusNode.textContent = text;
    statusNode.className = live ? 'live on' : 'live off';
  };
  const connect = () => {
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => {
      status('Live', true);
      pause = 15;
      if (wasOpen && onReconnect) onReconnect();
      wasOpen = true;
    });
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) {
        status('Reconnecting… (data may be out of date)', false);
        return;
      }
      source.close();
      status(`Not live: trying again in ${pause} s (data may be out of date)`, false);
      setTimeout(() => { wasOpen = true; connect(); }, pause * 1000);
      pause = Math.min(pause * 2, 120);
    });
    source.addEventListener(eventName, e => {
      let data = null;
      try { data = JSON.parse(e.data); } catch { return; }
      onEvent(data);
    });
  };
  status('Connecting…', false);
  connect();
}
