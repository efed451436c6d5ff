// The actor network: a force layout (d3-force), drawn once as SVG; edge colour by mean Goldstein.
import {forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY} from 'd3-force';
import {h, s} from './dom.js';
import {actorHref} from './links.js';

export function goldsteinColour(g) {
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  if (t >= 0) return `rgb(${Math.round(150 - 110 * t)},${Math.round(150 + 40 * t)},${Math.round(150 - 90 * t)})`;
  return `rgb(${Math.round(150 + 90 * -t)},${Math.round(150 - 110 * -t)},${Math.round(150 - 100 * -t)})`;
}

const radius = (n) => 5 + Math.sqrt(n.events) * 2.2;
const labelWidth = (n) => 7 * String(n.name || n.id).length;

/** Force layout: links pull, nodes repel and never overlap, labels included (a node's collision radius
 * covers its label); forceX/forceY keep disconnected nodes near the middle instead of on the edges. */
function layout(graph, width, height) {
  const nodes = graph.nodes.map((n) => ({...n}));
  const links = graph.edges.map((e) => ({...e}));
  const sim = forceSimulation(nodes)
    .force('link', forceLink(links).id((d) => d.id).distance((l) => 60 + (labelWidth(l.source) + labelWidth(l.target)) / 4))
    .force('charge', forceManyBody().strength(-260))
    .force('collide', forceCollide((n) => radius(n) + labelWidth(n) / 2 + 6).strength(0.9).iterations(2))
    .force('x', forceX(width / 2).strength(0.06))
    .force('y', forceY(height / 2).strength(0.09))
    .stop();
  for (let i = 0; i < 400; i += 1) sim.tick();
  return {nodes, links};
}

function bounds(nodes) {
  const xs = nodes.flatMap((n) => [n.x - radius(n) - 4, n.x + radius(n) + labelWidth(n) + 8]);
  const ys = nodes.flatMap((n) => [n.y - radius(n) - 8, n.y + radius(n) + 8]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return [x0, y0, Math.max(200, x1 - x0), Math.max(150, y1 - y0)];
}

function edgeEnds(link) {
  const {source: a, target: b} = link;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const r = radius(b) + 4;
  return {x1: a.x, y1: a.y, x2: b.x - (dx / len) * r, y2: b.y - (dy / len) * r};
}

function edge(link) {
  const {source: a, target: b} = link;
  return s('line', {
    ...edgeEnds(link),
    stroke: goldsteinColour(link.goldstein_avg), 'stroke-width': 1 + Math.log2(1 + link.events),
    'marker-end': link.goldstein_avg < 0 ? 'url(#arrow-conf)' : 'url(#arrow-coop)', class: 'edge',
  }, s('title', null, `${link.source_name || a.id} → ${link.target_name || b.id}: ${link.events} events, ` +
    `mean Goldstein ${link.goldstein_avg}`));
}

function marker(id, colour) {
  return s('marker', {id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto'},
    s('path', {d: 'M0,0L10,5L0,10z', fill: colour}));
}

/** Zoom (wheel, buttons, keys + and -), pan (drag the background, arrow keys) and drag a node. */
function interactive(svg, nodes, links, home, onNode) {
  let view = [...home];
  const set = (v) => { view = v; svg.setAttribute('viewBox', v.map((x) => x.toFixed(1)).join(' ')); };
  const zoom = (k, cx = view[0] + view[2] / 2, cy = view[1] + view[3] / 2) => {
    const w = Math.max(home[2] / 20, Math.min(home[2] * 4, view[2] * k));
    const f = w / view[2];
    set([cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, view[2] * f, view[3] * f]);
  };
  const toSvg = (e) => {
    const r = svg.getBoundingClientRect();
    return [view[0] + ((e.clientX - r.left) / r.width) * view[2], view[1] + ((e.clientY - r.top) / r.height) * view[3]];
  };
  svg.addEventListener('wheel', (e) => { e.preventDefault(); zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, ...toSvg(e)); }, {passive: false});
  let drag = null;
  svg.addEventListener('pointerdown', (e) => {
    const g = e.target.closest('.node');
    const node = g ? nodes[Number(g.dataset.i)] : null;
    drag = {node, g, start: toSvg(e), view: [...view], moved: false, x: e.clientX, y: e.clientY};
    svg.setPointerCapture(e.pointerId);
    if (g) g.classList.add('dragging');
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    if (Math.hypot(e.clientX - drag.x, e.clientY - drag.y) > 3) drag.moved = true;
    if (drag.node) {
      const [x, y] = toSvg(e);
      drag.node.x = x;
      drag.node.y = y;
      drag.g.setAttribute('transform', `translate(${x},${y})`);
      for (const l of links) {
        if (l.source === drag.node || l.target === drag.node) {
          for (const [k, v] of Object.entries(edgeEnds(l))) l.el.setAttribute(k, v);
        }
      }
    } else {
      const r = svg.getBoundingClientRect();
      const dx = ((e.clientX - drag.x) / r.width) * drag.view[2];
      const dy = ((e.clientY - drag.y) / r.height) * drag.view[3];
      set([drag.view[0] - dx, drag.view[1] - dy, drag.view[2], drag.view[3]]);
    }
  });
  svg.addEventListener('pointerup', () => {
    if (drag && drag.node && !drag.moved) onNode(drag.node);
    if (drag && drag.g) drag.g.classList.remove('dragging');
    drag = null;
  });
  svg.addEventListener('keydown', (e) => {
    const step = view[2] / 10;
    const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
    if (e.key === '+' || e.key === '=') zoom(1 / 1.25);
    else if (e.key === '-') zoom(1.25);
    else if (e.key === '0') set([...home]);
    else if (moves[e.key]) set([view[0] + moves[e.key][0], view[1] + moves[e.key][1], view[2], view[3]]);
    else return;
    e.preventDefault();
  });
  return h('div', {class: 'zoom-buttons'},
    h('button', {type: 'button', 'aria-label': 'zoom in', 'data-testid': 'zoom-in', onclick: () => zoom(1 / 1.25)}, '+'),
    h('button', {type: 'button', 'aria-label': 'zoom out', onclick: () => zoom(1.25)}, '−'),
    h('button', {type: 'button', onclick: () => set([...home])}, 'fit'));
}

export function networkView(graph, level, onNode) {
  const width = 1000;
  const height = 640;
  if (!graph.edges.length) return h('p', {class: 'empty'}, 'No interactions between two known actors yet.');
  const {nodes, links} = layout(graph, width, height);
  const home = bounds(nodes);
  const edgeEls = links.map((l) => { l.el = edge(l); return l.el; });
  const svg = s('svg', {viewBox: home.join(' '), class: 'network', role: 'img', tabindex: 0,
    'aria-label': `${level} network: ${nodes.length} nodes, ${links.length} links; wheel or + and - to zoom, drag to pan`},
  s('defs', null, marker('arrow-coop', goldsteinColour(6)), marker('arrow-conf', goldsteinColour(-6))),
  s('g', null, edgeEls),
  s('g', null, nodes.map((n, i) => s('g', {class: 'node', 'data-i': i, transform: `translate(${n.x},${n.y})`},
    s('circle', {r: radius(n)}),
    s('text', {x: radius(n) + 3, y: 4}, n.name || n.id),
    s('title', null, `${n.name || n.id}: ${n.events} events`)))));
  const buttons = interactive(svg, nodes, links, home, onNode);
  const legend = h('p', {class: 'legend'},
    h('span', {class: 'swatch', style: `background:${goldsteinColour(-8)}`}), ' conflict (Goldstein < 0)  ',
    h('span', {class: 'swatch', style: `background:${goldsteinColour(0)}`}), ' neutral  ',
    h('span', {class: 'swatch', style: `background:${goldsteinColour(8)}`}), ' cooperation (Goldstein > 0); ',
    'line width: number of events. Wheel to zoom, drag the background to pan, drag a node to move it. ',
    level === 'actor' ? 'Click an actor to open its page.' : 'Click a country to centre the graph on it.');
  return h('div', {class: 'network-box'}, svg, buttons, legend);
}

export {actorHref};
