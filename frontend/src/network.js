// The actor network: a force layout (d3-force), drawn once as SVG; edge colour by mean Goldstein.
import {forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation} from 'd3-force';
import {h, s} from './dom.js';
import {actorHref} from './links.js';

export function goldsteinColour(g) {
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  if (t >= 0) return `rgb(${Math.round(150 - 110 * t)},${Math.round(150 + 40 * t)},${Math.round(150 - 90 * t)})`;
  return `rgb(${Math.round(150 + 90 * -t)},${Math.round(150 - 110 * -t)},${Math.round(150 - 100 * -t)})`;
}

function layout(graph, width, height) {
  const nodes = graph.nodes.map((n) => ({...n}));
  const links = graph.edges.map((e) => ({...e}));
  const sim = forceSimulation(nodes)
    .force('link', forceLink(links).id((d) => d.id).distance(110))
    .force('charge', forceManyBody().strength(-320))
    .force('collide', forceCollide(28))
    .force('center', forceCenter(width / 2, height / 2))
    .stop();
  for (let i = 0; i < 300; i += 1) sim.tick();
  for (const n of nodes) {
    n.x = Math.max(30, Math.min(width - 30, n.x));
    n.y = Math.max(20, Math.min(height - 20, n.y));
  }
  return {nodes, links};
}

function edge(link, radius) {
  const {source: a, target: b} = link;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const r = radius(b) + 4;
  return s('line', {
    x1: a.x, y1: a.y, x2: b.x - (dx / len) * r, y2: b.y - (dy / len) * r,
    stroke: goldsteinColour(link.goldstein_avg), 'stroke-width': 1 + Math.log2(1 + link.events),
    'marker-end': link.goldstein_avg < 0 ? 'url(#arrow-conf)' : 'url(#arrow-coop)', class: 'edge',
  }, s('title', null, `${link.source_name || a.id} → ${link.target_name || b.id}: ${link.events} events, ` +
    `mean Goldstein ${link.goldstein_avg}`));
}

function marker(id, colour) {
  return s('marker', {id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto'},
    s('path', {d: 'M0,0L10,5L0,10z', fill: colour}));
}

export function networkView(graph, level, onNode) {
  const width = 1000;
  const height = 640;
  if (!graph.edges.length) return h('p', {class: 'empty'}, 'No interactions between two known actors yet.');
  const {nodes, links} = layout(graph, width, height);
  const radius = (n) => 5 + Math.sqrt(n.events) * 2.2;
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, class: 'network', role: 'img',
    'aria-label': 'actor network'},
  s('defs', null, marker('arrow-coop', goldsteinColour(6)), marker('arrow-conf', goldsteinColour(-6))),
  s('g', null, links.map((l) => edge(l, radius))),
  s('g', null, nodes.map((n) => s('g', {class: 'node', transform: `translate(${n.x},${n.y})`,
    onclick: () => onNode(n)},
  s('circle', {r: radius(n)}),
  s('text', {x: radius(n) + 3, y: 4}, n.name || n.id),
  s('title', null, `${n.name || n.id}: ${n.events} events`)))));
  const legend = h('p', {class: 'legend'},
    h('span', {class: 'swatch', style: `background:${goldsteinColour(-8)}`}), ' conflict (Goldstein < 0)  ',
    h('span', {class: 'swatch', style: `background:${goldsteinColour(0)}`}), ' neutral  ',
    h('span', {class: 'swatch', style: `background:${goldsteinColour(8)}`}), ' cooperation (Goldstein > 0); ',
    'line width: number of events. ',
    level === 'actor' ? 'Click an actor to open its page.' : 'Click a country to centre the graph on it.');
  return h('div', {class: 'network-box'}, svg, legend);
}

export {actorHref};
