// Small SVG bar charts (mentions per month, events per day/week/month): one bar per bucket, gaps left
// empty, the axis labelled at the chart's own interval; a bar can be clicked.
import {h, s} from './dom.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function day(value) {
  return String(value).slice(0, 10);
}

/** The next bucket after `d` (YYYY-MM-DD) at the interval. */
export function next(d, interval) {
  const t = new Date(`${d}T00:00:00Z`);
  if (interval === 'month') t.setUTCMonth(t.getUTCMonth() + 1);
  else t.setUTCDate(t.getUTCDate() + (interval === 'week' ? 7 : 1));
  return t.toISOString().slice(0, 10);
}

/** The last day of the bucket starting at `d`. */
export function lastDay(d, interval) {
  const t = new Date(`${next(d, interval)}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

/** A bucket's label at its interval: "Mar 2024", "w/c 4 Mar 2024", "4 Mar 2024". */
export function label(d, interval) {
  const [y, m, dd] = day(d).split('-').map(Number);
  if (interval === 'month') return `${MONTHS[m - 1]} ${y}`;
  return `${interval === 'week' ? 'w/c ' : ''}${dd} ${MONTHS[m - 1]} ${y}`;
}

/** Every bucket from the first to the last (at most 2,000), missing ones as null: gaps stay gaps. */
export function series(rows, key, interval) {
  const dated = rows.filter((r) => r[key]);
  if (!dated.length) return [];
  const byDay = new Map(dated.map((r) => [day(r[key]), r]));
  const days = [...byDay.keys()].sort();
  const out = [];
  for (let d = days[0]; d <= days[days.length - 1] && out.length < 2000; d = next(d, interval)) {
    out.push({bucket: d, row: byDay.get(d) || null});
  }
  return out;
}

/**
 * rows: [{<key>: day, <value>: n, ...}]; opts: {key, value, interval, title, onClick(bucket, row), stack}
 * stack: optional [[field, colour], ...] drawn from the bottom of each bar.
 */
export function barChart(rows, opts) {
  const {key = 'bucket', value = 'events', interval = 'month', title = '', onClick = null, stack = null,
    line = null} = opts;
  const buckets = series(rows, key, interval);
  const box = h('div', {class: 'bars', 'data-chart': title});
  if (!buckets.length) {
    box.appendChild(h('p', {class: 'empty'}, 'No dated data to chart.'));
    return box;
  }
  const W = 900;
  const H = 170;
  const left = 34;
  const bottom = 28;
  const max = Math.max(1, ...buckets.map((b) => (b.row ? b.row[value] : 0)));
  const step = (W - left - 6) / buckets.length;
  const bw = Math.max(1, Math.min(40, step * 0.8));
  const y = (v) => (H - bottom) - ((H - bottom - 8) * v) / max;
  const labelEvery = Math.max(1, Math.ceil(buckets.length / Math.floor((W - left) / 90)));
  const children = [
    s('line', {x1: left, y1: H - bottom, x2: W, y2: H - bottom, class: 'axis'}),
    s('text', {x: left - 4, y: y(max) + 4, class: 'tick', 'text-anchor': 'end'}, String(max)),
    s('text', {x: left - 4, y: H - bottom, class: 'tick', 'text-anchor': 'end'}, '0'),
  ];
  buckets.forEach((b, i) => {
    const x = left + i * step + (step - bw) / 2;
    if (i % labelEvery === 0) {
      children.push(s('line', {x1: x + bw / 2, y1: H - bottom, x2: x + bw / 2, y2: H - bottom + 4, class: 'axis'}),
        s('text', {x: x + bw / 2, y: H - bottom + 17, class: 'tick', 'text-anchor': 'middle'}, label(b.bucket, interval)));
    }
    if (!b.row || !b.row[value]) return;
    const parts = stack ? stack.map(([f, c]) => [b.row[f] || 0, c]) : [[b.row[value], null]];
    const rest = b.row[value] - parts.reduce((n, [v]) => n + v, 0);
    if (stack && rest > 0) parts.push([rest, '#adb5bd']);
    let base = 0;
    const rects = parts.filter(([v]) => v > 0).map(([v, c]) => {
      const r = s('rect', {x, y: y(base + v), width: bw, height: Math.max(1, y(base) - y(base + v)), class: 'bar',
        style: c ? `fill:${c}` : undefined});
      base += v;
      return r;
    });
    children.push(s('g', {class: 'bar-group', 'data-bucket': b.bucket, tabindex: onClick ? 0 : undefined,
      role: onClick ? 'button' : undefined,
      onclick: onClick ? () => onClick(b.bucket, b.row) : undefined,
      onkeydown: onClick ? (e) => { if (e.key === 'Enter') onClick(b.bucket, b.row); } : undefined},
    ...rects, s('title', null, `${label(b.bucket, interval)}: ${b.row[value]}`)));
  });
  if (line) children.push(...lineLayer(buckets, line, {left, step, H, bottom, W}));
  box.appendChild(s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'bar-chart', role: 'img',
    'aria-label': `${title}: ${buckets.length} ${interval}s`}, ...children));
  return box;
}

/** A second series on its own axis (right): a line through the buckets that have data, broken at gaps. */
function lineLayer(buckets, line, g) {
  const vals = buckets.map((b) => (b.row ? b.row[line.field] : null));
  const gmax = Math.max(1, ...vals.filter((v) => v !== null).map((v) => Math.abs(v)));
  const mid = (g.H - g.bottom) / 2 + 4;
  const y = (v) => mid - ((g.H - g.bottom - 8) / 2) * (v / gmax);
  const out = [s('line', {x1: g.left, y1: mid, x2: g.W, y2: mid, class: 'zero'}),
    s('text', {x: g.W - 2, y: y(gmax) + 4, class: 'tick right', 'text-anchor': 'end', fill: line.colour},
      `${line.label} +${Math.round(gmax)}`),
    s('text', {x: g.W - 2, y: y(-gmax) - 2, class: 'tick right', 'text-anchor': 'end', fill: line.colour},
      `−${Math.round(gmax)}`)];
  let path = '';
  vals.forEach((v, i) => {
    if (v === null) return;
    const x = g.left + i * g.step + g.step / 2;
    path += `${path && vals[i - 1] !== null && i > 0 ? 'L' : 'M'}${x.toFixed(1)},${y(v).toFixed(1)}`;
    out.push(s('circle', {cx: x, cy: y(v), r: 3, fill: line.colour, class: 'pt'},
      s('title', null, `${label(buckets[i].bucket, 'day')}: ${line.label} ${Math.round(v * 10) / 10}`)));
  });
  out.unshift(s('path', {d: path, stroke: line.colour, fill: 'none', 'stroke-width': 2, class: 'g-line'}));
  return out;
}
