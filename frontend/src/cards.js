// Event cards: one per story-level event, its sources counted and each source's evidence sentence.
import {h, fmt} from './dom.js';
import {actorLink, articleLink, goldsteinClass} from './links.js';

function evidenceItem(ev) {
  return h('li', {class: 'evidence'},
    h('span', {class: 'source'}, ev.publisher || ev.title || 'unknown source'), ev.published ? ` · ${ev.published}` : '', ': ',
    h('q', null, ev.sentence || ''), ' ',
    articleLink(ev.article_id, 'open in article', [ev.sentence_start ?? ev.start_char, ev.sentence_end ?? ev.end_char]));
}

export function card(c) {
  const first = c.evidence[0] || {};
  return h('article', {class: 'card', 'data-testid': 'event-card', 'data-sources': String(c.sources)},
    h('div', {class: 'card-head'},
      h('span', {class: 'date'}, c.date || 'undated'),
      h('span', {class: ['badge', goldsteinClass(c.goldstein)]}, c.type), ' ',
      actorLink(c.source_id, c.source || c.source_country || '?'), ' → ', actorLink(c.target_id, c.target || c.target_country || '?'),
      c.negated ? h('span', {class: 'badge'}, 'negated') : null,
      c.location ? h('span', {class: 'muted'}, ` · ${c.location}`) : null),
    h('p', {class: 'counts'}, h('strong', null, `${c.sources} source${c.sources === 1 ? '' : 's'}`),
      ` · ${c.copies} cop${c.copies === 1 ? 'y' : 'ies'} · Goldstein ${fmt(c.goldstein)} · CAMEO ${c.cameo || '—'}`,
      c.publishers && c.publishers.length ? h('span', {class: 'muted'}, ` · ${c.publishers.join(', ')}`) : null),
    h('p', {class: 'sentence'}, h('q', null, first.sentence || '')),
    h('details', {class: 'sources'}, h('summary', null, `Evidence from each source (${c.evidence.length})`),
      h('ol', null, c.evidence.map(evidenceItem))));
}

export function cardList(cards) {
  return cards.length ? h('div', {class: 'cards'}, cards.map(card)) : h('p', {class: 'empty'}, 'No events match.');
}
