import {h} from './dom.js';
import {enc} from './api.js';

export const actorHref = (id) => `#/actor/${enc(id)}`;
export const dyadHref = (a, b, interval) => `#/dyad/${enc(a)}/${enc(b)}${interval ? `?interval=${enc(interval)}` : ''}`;
export const articleHref = (id, span) => `#/article/${enc(id)}${span ? `?at=${span[0]}-${span[1]}` : ''}`;
export const storyHref = (id) => `#/story/${enc(id)}`;

export function actorLink(id, name) {
  return id ? h('a', {href: actorHref(id), class: 'actor-link'}, name || id) : (name || '');
}

export function articleLink(id, label, span) {
  return id ? h('a', {href: articleHref(id, span), class: 'article-link'}, label || id) : '';
}

export function goldsteinClass(g) {
  if (g === null || g === undefined) return 'g-none';
  if (g >= 3) return 'g-coop';
  if (g > 0) return 'g-coop-weak';
  if (g <= -3) return 'g-conf';
  if (g < 0) return 'g-conf-weak';
  return 'g-neutral';
}

export function eventColumns() {
  return [
    ['date', 'Date'],
    ['source', 'Source', (e) => actorLink(e.source_id, e.source || e.source_country)],
    ['type', 'Type', (e) => h('span', {class: ['badge', goldsteinClass(e.goldstein)]}, e.type)],
    ['cameo', 'CAMEO'],
    ['goldstein', 'Goldstein'],
    ['target', 'Target', (e) => actorLink(e.target_id, e.target || e.target_country)],
    ['modality', 'Status', (e) => (e.negated ? 'negated' : e.modality) + (e.is_copy ? ' (copy)' : '')],
    ['location', 'Place'],
    ['article_id', 'Evidence', (e) => articleLink(e.article_id, 'sentence', [e.start_char, e.end_char])],
  ];
}

export function quoteItem(q) {
  return h('li', {class: 'quote'},
    h('blockquote', null, q.text),
    h('div', {class: 'meta'},
      q.speaker_id ? actorLink(q.speaker_id, q.speaker) : h('span', {class: 'muted'}, q.speaker || 'unknown speaker'),
      q.kind ? h('span', {class: 'badge'}, q.kind) : null,
      q.published ? h('span', {class: 'muted'}, q.published) : null,
      q.article_id ? articleLink(q.article_id, q.title || 'article', [q.start_char, q.end_char]) : null));
}
