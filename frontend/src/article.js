// An article's text with its evidence highlighted. The text is untrusted: it is cut into segments at
// span boundaries and each segment becomes a text node inside a <span>; nothing is parsed as markup.
import {h, fmt} from './dom.js';
import {actorLink, articleLink, goldsteinClass, storyHref} from './links.js';

const KINDS = ['actors', 'quotes', 'events'];

function marks(spans) {
  const out = [];
  for (const kind of KINDS) {
    for (const span of spans[kind] || []) {
      if (Number.isInteger(span.start) && Number.isInteger(span.end) && span.end > span.start) out.push({kind, span});
    }
  }
  return out;
}

/** [start, end, covering marks] for every stretch of text between two span boundaries. */
export function segments(text, spans, extraCuts = []) {
  const all = marks(spans);
  const cuts = new Set([0, text.length, ...extraCuts.filter((c) => c >= 0 && c <= text.length)]);
  for (const {span} of all) {
    cuts.add(Math.max(0, Math.min(text.length, span.start)));
    cuts.add(Math.max(0, Math.min(text.length, span.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    out.push([a, b, all.filter(({span}) => span.start <= a && span.end >= b)]);
  }
  return out;
}

function label(mark) {
  const sp = mark.span;
  if (mark.kind === 'actors') return `actor: ${sp.name} (${sp.type || ''}${sp.country ? `, ${sp.country}` : ''})`;
  if (mark.kind === 'quotes') return `quote (${sp.kind}) by ${sp.speaker_name || 'unknown speaker'}`;
  const status = sp.negated ? 'negated' : sp.modality;
  return `event ${sp.type} ${sp.cameo || ''} (Goldstein ${fmt(sp.goldstein)}, ${status}): ` +
    `${sp.source_name || '?'} → ${sp.target_name || '?'}`;
}

function detail(mark) {
  const sp = mark.span;
  if (mark.kind === 'actors') return h('li', null, 'Actor ', actorLink(sp.actor_id, sp.name));
  if (mark.kind === 'quotes') {
    return h('li', null, 'Quote by ', sp.speaker_id ? actorLink(sp.speaker_id, sp.speaker_name) : 'unknown',
      ': ', h('q', null, sp.text));
  }
  return h('li', null, 'Event ', h('span', {class: ['badge', goldsteinClass(sp.goldstein)]}, sp.type), ' ',
    actorLink(sp.source_id, sp.source_name || '?'), ' → ', actorLink(sp.target_id, sp.target_name || '?'),
    ` (CAMEO ${sp.cameo || '—'}, Goldstein ${fmt(sp.goldstein)}, ${sp.negated ? 'negated' : sp.modality})`);
}

function showDetails(panel, covering, sentence) {
  panel.replaceChildren(
    sentence ? h('div', {class: 'focus-sentence', 'data-testid': 'focus-sentence'}, h('h3', null, 'Evidence'),
      h('blockquote', null, sentence)) : '',
    covering.length ? h('ul', null, covering.map(detail)) : h('p', {class: 'muted'}, 'No actor, quote or event here.'));
}

function highlighted(article, panel, focus) {
  const body = h('div', {class: 'article-text', 'data-testid': 'article-text'});
  const focused = [];
  const inFocus = (a, b) => focus && a < focus[1] && b > focus[0];
  for (const [a, b, covering] of segments(article.text, article.spans, focus || [])) {
    const piece = article.text.slice(a, b);
    if (!covering.length && !inFocus(a, b)) {
      body.appendChild(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(covering.map((m) => m.kind))];
    const seg = h('span', {class: [covering.length ? 'hl' : '', ...kinds.map((k) => `hl-${k}`), inFocus(a, b) ? 'focus' : ''],
      title: covering.map(label).join('\n') || undefined, tabindex: covering.length ? 0 : undefined,
      onclick: covering.length ? () => showDetails(panel, covering, null) : undefined,
      onkeydown: covering.length ? (e) => { if (e.key === 'Enter') showDetails(panel, covering, null); } : undefined}, piece);
    if (inFocus(a, b)) focused.push([seg, covering]);
    body.appendChild(seg);
  }
  if (focused.length) {
    const covering = [...new Set(focused.flatMap(([, c]) => c))]
      .filter((m) => m.kind !== 'actors' || (m.span.start >= focus[0] && m.span.end <= focus[1]));
    showDetails(panel, covering, article.text.slice(focus[0], focus[1]));
    requestAnimationFrame(() => focused[0][0].scrollIntoView({block: 'center'}));
  }
  return body;
}

function toggles(root) {
  return h('p', {class: 'legend'}, 'Highlight: ', KINDS.map((kind) => h('label', {class: `toggle t-${kind}`},
    h('input', {type: 'checkbox', checked: true, onchange: (e) => root.classList.toggle(`hide-${kind}`, !e.target.checked)}),
    ` ${kind} `)));
}

export function articleView(article, focus) {
  const panel = h('div', {class: 'span-detail'}, h('p', {class: 'muted'}, 'Click a highlighted passage for details.'));
  const root = h('article', {class: 'article'});
  const counts = KINDS.map((k) => `${(article.spans[k] || []).length} ${k}`).join(', ');
  root.append(
    h('h1', {class: 'article-title'}, article.title || '(untitled)'),
    h('p', {class: 'meta'}, [article.publisher, article.published, article.language].filter(Boolean).join(' · '),
      ' · ', counts),
    article.url ? h('p', {class: 'meta'}, 'Source: ', h('a', {href: article.url, rel: 'noopener noreferrer'}, article.url))
      : h('p', {class: 'meta muted'}, article.path),
    toggles(root),
    h('div', {class: 'article-layout'}, highlighted(article, panel, focus), panel),
  );
  if (article.copies && article.copies.length > 1) {
    root.append(h('h2', null, `Story: ${article.copies.length} copies`),
      h('p', null, h('a', {href: storyHref(article.story)}, 'Open the story')),
      h('ul', null, article.copies.map((c) => h('li', null,
        c.id === article.id ? h('strong', null, c.title || c.id) : articleLink(c.id, c.title || c.id),
        ` — ${c.publisher || 'unknown publisher'}${c.published ? `, ${c.published}` : ''}`))));
  }
  if (article.removed && article.removed.length) {
    root.append(h('details', null, h('summary', null, `${article.removed.length} boilerplate lines removed`),
      h('ul', {class: 'removed'}, article.removed.map((line) => h('li', null, line)))));
  }
  return root;
}
