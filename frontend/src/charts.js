// Time charts with uPlot: cooperation above the axis, conflict below, Goldstein sum as a line.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {h} from './dom.js';

const COOP = '#2f9e44';
const CONF = '#e03131';

function seconds(day) {
  return Date.parse(`${String(day).slice(0, 10)}T00:00:00Z`) / 1000;
}

function width(el) {
  return Math.max(320, Math.min(1100, (el.clientWidth || 900) - 8));
}

function step(day, interval) {
  const d = new Date(`${day}T00:00:00Z`);
  if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + (interval === 'week' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/** Every bucket from the first to the last, empty ones as zeros, so gaps read as quiet periods. */
export function fillGaps(buckets, interval) {
  if (!buckets.length) return buckets;
  const byDay = new Map(buckets.map((b) => [String(b.bucket).slice(0, 10), b]));
  const last = String(buckets[buckets.length - 1].bucket).slice(0, 10);
  const out = [];
  for (let day = String(buckets[0].bucket).slice(0, 10); day <= last && out.length < 5000; day = step(day, interval)) {
    out.push(byDay.get(day) || {bucket: day, events: 0, cooperation: 0, conflict: 0, goldstein: 0});
  }
  return out.length < 5000 ? out : buckets;
}

export function dyadChart(buckets, interval) {
  const dated = fillGaps(buckets.filter((b) => b.bucket), interval);
  const box = h('div', {class: 'chart', 'data-chart': 'dyad'});
  if (!dated.length) {
    box.appendChild(h('p', {class: 'empty'}, 'No dated events to chart.'));
    return box;
  }
  const xs = dated.map((b) => seconds(b.bucket));
  const data = [xs, dated.map((b) => b.cooperation), dated.map((b) => -b.conflict), dated.map((b) => b.goldstein)];
  const bars = uPlot.paths.bars({size: [0.7, 60], align: 0});
  const opts = {
    title: `Cooperation vs conflict per ${interval}`,
    width: 900, height: 320,
    scales: {x: {time: true}, g: {}},
    series: [
      {label: interval},
      {label: 'cooperation (events)', stroke: COOP, fill: 'rgba(47,158,68,0.55)', paths: bars, points: {show: false}},
      {label: 'conflict (events, below 0)', stroke: CONF, fill: 'rgba(224,49,49,0.55)', paths: bars,
        points: {show: false}, value: (u, v) => (v === null ? '' : String(-v))},
      {label: 'Goldstein sum', stroke: '#1c7ed6', width: 2, scale: 'g'},
    ],
    axes: [{}, {label: 'events'}, {side: 1, scale: 'g', label: 'Goldstein', grid: {show: false}}],
  };
  requestAnimationFrame(() => {
    opts.width = width(box);
    new uPlot(opts, data, box);
  });
  return box;
}

export function countChart(rows, key, label) {
  const box = h('div', {class: 'chart small', 'data-chart': label});
  const dated = rows.filter((r) => r.month);
  if (!dated.length) {
    box.appendChild(h('p', {class: 'empty'}, 'No dated mentions.'));
    return box;
  }
  const opts = {
    width: 600, height: 180, scales: {x: {time: true}},
    series: [{}, {label, stroke: '#1c7ed6', fill: 'rgba(28,126,214,0.35)',
      paths: uPlot.paths.bars({size: [0.7, 40], align: 0}), points: {show: false}}],
    axes: [{}, {}],
  };
  requestAnimationFrame(() => {
    opts.width = Math.min(width(box), 700);
    new uPlot(opts, [dated.map((r) => seconds(r.month)), dated.map((r) => r[key])], box);
  });
  return box;
}
