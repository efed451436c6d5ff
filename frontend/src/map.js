// The map: a plain equirectangular projection of Natural Earth's 1:110m countries (world-atlas, served as
// a static file next to app.js, fetched once), countries shaded by the events placed in them, one marker
// per place sized by its events. No tiles, no network beyond this server.
import {feature} from 'topojson-client';
import {h, s} from './dom.js';

const WIDTH = 960;
const TOP = 84;  // latitudes drawn: 84°N .. 58°S (Antarctica and the Arctic ocean hold no events)
const BOTTOM = -58;
const K = WIDTH / 360;
const HEIGHT = (TOP - BOTTOM) * K;

export const project = (lon, lat) => [(lon + 180) * K, (TOP - lat) * K];

let world = null;

/** The country outlines, fetched on the first map shown. */
export async function loadWorld() {
  if (!world) {
    world = fetch('/world-110m.json').then((r) => {
      if (!r.ok) throw new Error('the world outline (world-110m.json) is missing from the server');
      return r.json();
    }).then((topo) => feature(topo, topo.objects.countries).features);
    world.catch(() => { world = null; });
  }
  return world;
}

/** An SVG path of GeoJSON rings; a ring that jumps across the antimeridian starts a new subpath there. */
function ringsPath(rings) {
  let d = '';
  for (const ring of rings) {
    let prev = null;
    for (const [lon, lat] of ring) {
      const [x, y] = project(lon, lat);
      d += `${prev === null || Math.abs(lon - prev) > 180 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
      prev = lon;
    }
    d += 'Z';
  }
  return d;
}

function geometryPath(g) {
  if (!g) return '';
  if (g.type === 'Polygon') return ringsPath(g.coordinates);
  if (g.type === 'MultiPolygon') return g.coordinates.map(ringsPath).join('');
  return '';
}

/** The centre of a country's largest polygon, projected: where an event placed only by country is drawn
 * (its capital would hide the capital's own marker). */
function centre(g) {
  const polygons = g && g.type === 'Polygon' ? [g.coordinates] : g && g.type === 'MultiPolygon' ? g.coordinates : [];
  let best = null;
  for (const [ring] of polygons) {
    let a = 0;
    let cx = 0;
    let cy = 0;
    let shift = 0;  // a ring across the antimeridian (Russia's) is unwrapped to continuous longitudes
    const pts = ring.map(([lon, lat], i) => {
      if (i > 0 && Math.abs(lon - ring[i - 1][0]) > 180) shift += ring[i - 1][0] > lon ? 360 : -360;
      return [lon + shift, lat];
    });
    for (let i = 0; i < pts.length - 1; i += 1) {
      const [x0, y0] = pts[i];
      const [x1, y1] = pts[i + 1];
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (a !== 0 && (!best || Math.abs(a) > best.a)) {
      const lon = cx / (3 * a);
      best = {a: Math.abs(a), x: ((lon + 540) % 360) - 180, y: cy / (3 * a)};
    }
  }
  return best ? project(best.x, best.y) : null;
}

/** Labels for the busiest places first, skipping one that would cover another marker or a label. */
function labelled(points, radius) {
  const circles = points.map((p) => [p.x - radius(p), p.y - radius(p), p.x + radius(p), p.y + radius(p), p]);
  const boxes = [];
  const out = new Set();
  const hits = (box, b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
  for (const p of points.slice(0, 40)) {
    const r = radius(p);
    const box = [p.x + r + 1, p.y - 9, p.x + r + 3 + 6 * p.name.length, p.y + 4];
    if (boxes.some((b) => hits(box, b)) || circles.some((c) => c[4] !== p && hits(box, c))) continue;
    boxes.push(box);
    out.add(p);
  }
  return out;
}

function tone(item) {
  if (item.conflict > item.cooperation) return 'conf';
  if (item.cooperation > item.conflict) return 'coop';
  return 'neutral';
}

function shade(events, max) {
  const t = Math.sqrt(events / max);  // square root: a few busy countries would wash out the rest
  return `rgb(${Math.round(233 - 120 * t)},${Math.round(236 - 90 * t)},${Math.round(240 - 20 * t)})`;
}

function describe(p) {
  const where = p.precision === 'country' ? `${p.name} (the country, no closer place)` : `${p.name}, ${p.country || ''}`;
  return `${where}: ${p.events} events, ${p.cooperation} cooperation, ${p.conflict} conflict`;
}

/** Zoom (wheel, buttons, + and -) and pan (drag, arrow keys) of the map's <g>; markers keep their size. */
function panZoom(svg, layer, onScale) {
  let t = {k: 1, x: 0, y: 0};
  const apply = (next) => {
    const k = Math.max(1, Math.min(12, next.k));
    const x = Math.min(0, Math.max(WIDTH * (1 - k), next.x));
    const y = Math.min(0, Math.max(HEIGHT * (1 - k), next.y));
    t = {k, x, y};
    layer.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(3)})`);
    svg.dataset.scale = k.toFixed(3);
    onScale(k);
  };
  const at = (e) => {
    const r = svg.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * WIDTH, ((e.clientY - r.top) / r.height) * HEIGHT];
  };
  const zoomBy = (f, [cx, cy] = [WIDTH / 2, HEIGHT / 2]) => apply({k: t.k * f, x: cx - (cx - t.x) * f, y: cy - (cy - t.y) * f});
  svg.addEventListener('wheel', (e) => { e.preventDefault(); zoomBy(e.deltaY > 0 ? 1 / 1.2 : 1.2, at(e)); }, {passive: false});
  let grab = null;
  svg.addEventListener('pointerdown', (e) => {
    if (e.target.closest('.place')) return;
    grab = {from: at(e), t: {...t}};
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (!grab) return;
    const [x, y] = at(e);
    apply({k: grab.t.k, x: grab.t.x + x - grab.from[0], y: grab.t.y + y - grab.from[1]});
  });
  svg.addEventListener('pointerup', () => { grab = null; });
  svg.addEventListener('keydown', (e) => {
    const step = 40;
    const pans = {ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step]};
    if (e.key === '+' || e.key === '=') zoomBy(1.25);
    else if (e.key === '-') zoomBy(1 / 1.25);
    else if (pans[e.key] && !e.target.closest('.place')) apply({...t, x: t.x + pans[e.key][0], y: t.y + pans[e.key][1]});
    else return;
    e.preventDefault();
  });
  return h('div', {class: 'zoom-buttons'},
    h('button', {type: 'button', 'aria-label': 'zoom the map in', 'data-testid': 'map-zoom-in', onclick: () => zoomBy(1.5)}, '+'),
    h('button', {type: 'button', 'aria-label': 'zoom the map out', onclick: () => zoomBy(1 / 1.5)}, '−'),
    h('button', {type: 'button', onclick: () => apply({k: 1, x: 0, y: 0})}, 'fit'));
}

/** The map of `data` (/api/events/map) over `countries` (loadWorld()); onPick(point) on a marker's click
 * or Enter, and on a shaded country's click (as its country point). */
export function mapView(data, countries, onPick) {
  const maxCountry = Math.max(1, ...data.countries.map((c) => c.events));
  const maxPoint = Math.max(1, ...data.points.map((p) => p.events));
  const byNumeric = new Map(data.countries.filter((c) => c.numeric !== null).map((c) => [c.numeric, c]));
  const countryPoint = new Map(data.points.filter((p) => p.precision === 'country').map((p) => [p.country, p]));
  const pickCountry = (c) => onPick(countryPoint.get(c.country) || {name: c.name, country: c.country, place: c.country,
    precision: 'country', events: c.events, cooperation: c.cooperation, conflict: c.conflict});
  const shapes = countries.map((f) => {
    const c = byNumeric.get(Number(f.id));
    return s('path', {d: geometryPath(f.geometry), class: c ? 'land has-events' : 'land',
      style: c ? `fill:${shade(c.events, maxCountry)}` : null, onclick: c ? () => pickCountry(c) : null},
    s('title', null, c ? `${c.name}: ${c.events} events placed here` : (f.properties && f.properties.name) || ''));
  });
  const radius = (p) => 2.5 + 11 * Math.sqrt(p.events / maxPoint);
  const centres = new Map(countries.map((f) => [Number(f.id), f.geometry]));
  const numericOf = new Map(data.countries.map((c) => [c.country, c.numeric]));
  const placed = data.points.map((p) => {
    const mid = p.precision === 'country' ? centre(centres.get(numericOf.get(p.country))) : null;
    const [x, y] = mid || project(p.lon, p.lat);
    return {...p, x, y};
  });
  const withLabel = labelled(placed, radius);
  const markers = placed.map((p, i) => {
    const pick = () => onPick(data.points[i]);
    const at = `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`;
    return s('g', {class: ['place', `tone-${tone(p)}`, p.precision === 'country' ? 'at-country' : ''].join(' ').trim(), 'data-i': i,
      'data-testid': 'map-marker', 'data-name': p.name, 'data-place': p.place, 'data-at': at, transform: at,
      tabindex: 0, role: 'button', 'aria-label': describe(p), onclick: pick,
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); } }},
    s('circle', {r: radius(p).toFixed(1)}),
    withLabel.has(p) ? s('text', {x: (radius(p) + 2).toFixed(1), y: 3}, p.name) : null,
    s('title', null, describe(p)));
  });
  const layer = s('g', null, s('rect', {class: 'sea', x: 0, y: 0, width: WIDTH, height: HEIGHT}),
    s('g', null, shapes), s('g', null, markers));
  const svg = s('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT.toFixed(0)}`, class: 'world-map', role: 'group', tabindex: 0,
    'aria-label': `map: ${data.points.length} places; wheel or + and - to zoom, drag or arrow keys to pan, Tab to the markers`},
  layer);
  const buttons = panZoom(svg, layer, (k) => {  // markers and labels keep their size on screen
    for (const g of markers) g.setAttribute('transform', `${g.dataset.at} scale(${(1 / k).toFixed(3)})`);
  });
  const legend = h('p', {class: 'legend'},
    h('span', {class: 'dot tone-coop'}), ' more cooperation  ', h('span', {class: 'dot tone-conf'}), ' more conflict  ',
    h('span', {class: 'dot tone-neutral'}), ' even · dashed ring: placed only by country (drawn at its centre) · ',
    'marker size: events; country shade: events placed in it. Click a marker or a shaded country for its events.');
  return h('div', {class: 'map-box'}, svg, buttons, legend);
}
