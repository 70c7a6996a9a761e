// Charts with uPlot (canvas; data as column arrays, as the series API answers): per bucket the mean as a line and
// min..max as a band, so that one spike never disappears at long ranges; the patient's thresholds as dashed lines;
// gaps in the data as gaps in the line. Each chart has a text summary for those who cannot see it.
import { el, unitText, TYPES } from './vigil.js';

const BLUE = '#0b4f9c';
const PURPLE = '#6a1b9a';
export const charts = {};   // by key, for the page's live refresh and for tests that count the points drawn

/**
 * Inserts a null where the data stops for longer than three of its usual steps (or three buckets), so that uPlot
 * breaks the line there: a device that went quiet shows as a gap, while a CGM's 5-minute readings on a chart of 8 s
 * buckets still make a line.
 */
function withGaps(time, columns, bucketSeconds) {
  const steps = [];
  for (let i = 1; i < time.length; i++) steps.push(time[i] - time[i - 1]);
  steps.sort((a, b) => a - b);
  const usual = steps.length ? steps[Math.floor(steps.length / 2)] : bucketSeconds;
  const gap = 3 * Math.max(bucketSeconds, usual);
  const t = [];
  const out = columns.map(() => []);
  for (let i = 0; i < time.length; i++) {
    if (i > 0 && time[i] - time[i - 1] > gap) {
      t.push(time[i - 1] + bucketSeconds);
      out.forEach(c => c.push(null));
    }
    t.push(time[i]);
    columns.forEach((c, j) => out[j].push(c[i]));
  }
  return [t, ...out];
}

function thresholdHook(thresholds) {
  return u => {
    const ctx = u.ctx;
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
    for (const t of thresholds) {
      const y = u.valToPos(t.value, 'y', true);
      if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
      ctx.strokeStyle = t.severity === 'high' ? '#b3261e' : '#a65300';
      ctx.fillStyle = ctx.strokeStyle;
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
      ctx.fillText(t.label, u.bbox.left + 4 * devicePixelRatio, y - 3 * devicePixelRatio);
    }
    ctx.restore();
  };
}

function width(container) {
  return Math.max(600, Math.min(1400, (container.clientWidth || 900) - 10));
}

/**
 * A vital's chart from the series API's answer; thresholds as [{value, label, severity}] in the series' unit.
 * Returns the figure, with data-points set to the number of buckets drawn.
 */
export function vitalChart(container, key, series, thresholds, period) {
  const type = TYPES[series.type]?.label || series.type;
  const unit = unitText(series.unit);
  const figure = el('figure', { class: 'chart', 'data-type': series.type });
  const components = series.components.filter(c => c.time.length);
  const points = Math.max(0, ...series.components.map(c => c.time.length));
  figure.dataset.points = String(points);
  const caption = el('figcaption', {}, `${type} (${unit})`);
  figure.append(caption);
  container.append(figure);
  if (!components.length) {
    figure.append(el('p', { class: 'summary' }, 'No readings in this period.'));
    return figure;
  }
  const colours = [BLUE, PURPLE];
  const cols = [];
  const uSeries = [{}];
  const bands = [];
  const summaries = [];
  // Every component is put on the first component's time axis (blood pressure's two are taken together).
  const base = components[0];
  components.forEach((c, i) => {
    const colour = colours[i % colours.length];
    const name = c.name === 'value' ? type : c.name[0].toUpperCase() + c.name.substring(1);
    const idx = uSeries.length;
    uSeries.push({ label: `${name} mean`, stroke: colour, width: 1.5 });
    uSeries.push({ label: `${name} min`, stroke: colour + '55', width: 1 });
    uSeries.push({ label: `${name} max`, stroke: colour + '55', width: 1 });
    bands.push({ series: [idx + 2, idx + 1], fill: colour + '26' });
    const byTime = new Map(c.time.map((t, k) => [t, k]));
    const pick = column => base.time.map(t => (byTime.has(t) ? column[byTime.get(t)] : null));
    cols.push(pick(c.mean), pick(c.min), pick(c.max));
    const lo = Math.min(...c.min);
    const hi = Math.max(...c.max);
    summaries.push(`${name}: lowest ${round(lo)}, highest ${round(hi)} ${unit}`);
  });
  const data = withGaps(base.time, cols, series.bucketSeconds);
  const opts = {
    width: width(container), height: 220,
    scales: { x: { time: true, range: period ? [period[0], period[1]] : undefined } },
    series: uSeries,
    bands,
    axes: [{}, { label: unit, size: 60 }],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    hooks: { draw: [thresholdHook(thresholds || [])] },
  };
  const plot = new uPlot(opts, data, figure);
  legendMeansOnly(plot);
  charts[key] = plot;
  figure.append(el('p', { class: 'summary' },
    `${points} ${points === 1 ? 'point' : 'points'} of ${bucketText(series.bucketSeconds)} each (line: mean, band: `
    + `lowest to highest). ${summaries.join('; ')}.`));
  return figure;
}

/** The legend lists the means (with the value under the cursor); the min and max lines are the band's edges. */
function legendMeansOnly(plot) {
  plot.root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
    if (i > 0 && i % 3 !== 1) row.style.display = 'none';
  });
}

function bucketText(seconds) {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}

function round(v) {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
}

/** NEWS2 totals over time as steps, with the risk thresholds of the RCP 2017 chart (5 and 7) marked. */
export function news2Chart(container, scores, period) {
  const figure = el('figure', { class: 'chart', 'data-type': 'news2' }, el('figcaption', {}, 'NEWS2 total score'));
  container.append(figure);
  const points = scores.filter(s => s.total !== null && s.total !== undefined)
    .sort((a, b) => Date.parse(a.computedAt) - Date.parse(b.computedAt));
  figure.dataset.points = String(points.length);
  if (!points.length) {
    figure.append(el('p', { class: 'summary' }, 'No NEWS2 score in this period.'));
    return figure;
  }
  const t = points.map(s => Date.parse(s.computedAt) / 1000);
  const v = points.map(s => s.total);
  const plot = new uPlot({
    width: width(container), height: 180,
    scales: { x: { time: true, range: period ? [period[0], period[1]] : undefined }, y: { range: [0, 20] } },
    series: [{}, { label: 'NEWS2', stroke: '#12263f', width: 2, paths: uPlot.paths.stepped({ align: 1 }) }],
    axes: [{}, { label: 'score', size: 50 }],
    hooks: { draw: [thresholdHook([{ value: 5, label: '5: urgent response', severity: 'medium' },
      { value: 7, label: '7: emergency response', severity: 'high' }])] },
  }, [t, v], figure);
  charts.news2 = plot;
  const latest = points[points.length - 1];
  figure.append(el('p', { class: 'summary' },
    `${points.length} scores; latest ${latest.total} (${latest.risk} risk), highest ${Math.max(...v)}.`));
  return figure;
}

/** The ambulatory glucose profile: median, 25–75 % and 5–95 % bands by time of day, target range 70–180 mg/dL. */
export function agpChart(container, agp, unit) {
  const figure = el('figure', { class: 'chart', 'data-type': 'agp' },
    el('figcaption', {}, `Ambulatory glucose profile (${unitText(unit)}), by time of day`));
  container.append(figure);
  if (!agp || !agp.minuteOfDay || !agp.minuteOfDay.length) {
    figure.append(el('p', { class: 'summary' }, 'Not enough glucose readings for a profile.'));
    return figure;
  }
  const hours = agp.minuteOfDay.map(m => m / 60);
  const plot = new uPlot({
    width: width(container), height: 240,
    scales: { x: { time: false, range: [0, 24] } },
    series: [
      { label: 'Hour' },
      { label: '5th', stroke: '#0b4f9c55', width: 1 },
      { label: '25th', stroke: '#0b4f9c99', width: 1 },
      { label: 'Median', stroke: '#0b4f9c', width: 2 },
      { label: '75th', stroke: '#0b4f9c99', width: 1 },
      { label: '95th', stroke: '#0b4f9c55', width: 1 },
    ],
    bands: [{ series: [5, 1], fill: '#0b4f9c1a' }, { series: [4, 2], fill: '#0b4f9c40' }],
    axes: [{ label: 'hour of day', values: (u, ticks) => ticks.map(h => `${String(h).padStart(2, '0')}:00`) },
      { label: unitText(unit), size: 60 }],
    hooks: { draw: [thresholdHook([{ value: 70, label: '70', severity: 'high' }, { value: 180, label: '180', severity: 'medium' }])] },
  }, [hours, agp.p5, agp.p25, agp.p50, agp.p75, agp.p95], figure);
  charts.agp = plot;
  return figure;
}
