// wirescope dashboard: hash routes over the REST API. Vanilla DOM built by dom.js (text nodes only).
import './style.css';
import {enc, get} from './api.js';
import {articleView} from './article.js';
import {countChart, dyadChart} from './charts.js';
import {clear, fmt, h, table} from './dom.js';
import {actorHref, actorLink, articleLink, dyadHref, eventColumns, quoteItem, storyHref} from './links.js';
import {networkView} from './network.js';

const app = document.getElementById('app');

function title(text, ...rest) {
  document.title = `${text} · wirescope`;
  return h('h1', null, text, ...rest);
}

function section(name, ...children) {
  return h('section', {class: 'panel'}, h('h2', null, name), ...children);
}

function pager(page, go) {
  const prev = page.offset > 0 ? h('button', {onclick: () => go(Math.max(0, page.offset - page.limit))}, '← previous') : null;
  const next = page.next !== null ? h('button', {onclick: () => go(page.next)}, 'next →') : null;
  return h('div', {class: 'pager'}, prev, ` rows ${page.offset + 1}–${page.offset + page.items.length} `, next);
}

function setParams(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const text = q.toString();
  location.hash = `#/${path}${text ? `?${text}` : ''}`;
}

function field(name, label, value, attrs = {}) {
  return h('label', {class: 'field'}, label, h('input', {name, value: value || '', ...attrs}));
}

function form(fields, onsubmit, button = 'Apply') {
  return h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    onsubmit(Object.fromEntries(new FormData(e.target).entries()));
  }}, fields, h('button', {type: 'submit'}, button));
}

// --- views --------------------------------------------------------------------------------------

async function home() {
  const [health, actors, stories] = await Promise.all([
    get('health'), get('actors', {limit: 12}), get('stories', {limit: 8})]);
  const st = health.stats;
  return [
    title('wirescope'),
    h('p', {class: 'lead'}, `${st.articles} articles in ${st.stories} stories · ${st.actors} actors · ` +
      `${st.quotes} quotes · ${st.events} events`),
    section('Most mentioned actors', table(actors.items, [
      ['name', 'Actor', (a) => actorLink(a.id, a.name)], ['type', 'Type'], ['country', 'Country'],
      ['mentions', 'Mentions'], ['articles', 'Articles']])),
    section('Latest stories', storyTable(stories.items)),
  ];
}

function storyTable(rows) {
  return table(rows, [
    ['title', 'Story', (s) => h('a', {href: storyHref(s.id)}, s.title || s.id)],
    ['first_published', 'First published'], ['copies', 'Copies'], ['publishers', 'Publishers']]);
}

async function search(params) {
  const q = params.get('q') || '';
  document.getElementById('q').value = q;
  if (!q) return [title('Search'), h('p', null, 'Type a name, a country code or words from a quote.')];
  const r = await get('search', {q, limit: 10});
  return [
    title('Search: ', h('span', {class: 'query'}, q)),
    section(`Actors (${r.actors.length})`, table(r.actors, [
      ['name', 'Actor', (a) => actorLink(a.id, a.name)], ['type', 'Type'], ['country', 'Country'],
      ['aliases', 'Also written'], ['mentions', 'Mentions']], 'No actor by that name.')),
    section(`Quotes (${r.quotes.length})`, r.quotes.length ? h('ul', {class: 'quotes'}, r.quotes.map(quoteItem))
      : h('p', {class: 'empty'}, 'No quote matches.')),
    section(`Events (${r.events.length})`, table(r.events, eventColumns(), 'No events.')),
    section(`Articles (${r.articles.length})`, table(r.articles, [
      ['title', 'Title', (a) => articleLink(a.id, a.title || a.id)], ['publisher', 'Publisher'],
      ['published', 'Published']], 'No article matches.')),
  ];
}

async function actor(id) {
  const a = await get(`actors/${enc(id)}`);
  const partners = a.top_partners.map((p) => ({...p, self: a.id}));
  return [
    title(a.name, ' ', h('span', {class: 'badge'}, a.type || 'actor')),
    h('p', {class: 'meta'}, [a.country, a.role, a.sector].filter(Boolean).join(' · '), ' · id ', h('code', null, a.id)),
    h('p', null, 'Also written: ', h('span', {class: 'aliases'}, fmt(a.aliases))),
    h('p', null, h('a', {href: `#/network?actor=${enc(a.id)}`}, 'Network around this actor'), ' · ',
      h('a', {href: `#/quotes?speaker=${enc(a.id)}`}, 'All quotes'), ' · ',
      h('a', {href: `#/events?actor=${enc(a.id)}`}, 'All events')),
    section('Mentions over time (stories per month)', countChart(a.mentions_over_time, 'stories', 'stories')),
    section('Top partners', table(partners, [
      ['name', 'Partner', (p) => actorLink(p.id, p.name)], ['country', 'Country'], ['events', 'Events'],
      ['given', 'Given'], ['received', 'Received'], ['goldstein_avg', 'Mean Goldstein'],
      ['dyad', 'Timeline', (p) => h('a', {href: dyadHref(a.id, p.id)}, 'dyad chart')]], 'No partners yet.')),
    h('div', {class: 'two'},
      section('Events given', table(a.events_given, [['type', 'Type'], ['events', 'Events'], ['goldstein_sum', 'Goldstein']])),
      section('Events received', table(a.events_received, [['type', 'Type'], ['events', 'Events'],
        ['goldstein_sum', 'Goldstein']]))),
    section('Top quotes', a.top_quotes.length ? h('ul', {class: 'quotes'}, a.top_quotes.map((q) => quoteItem(
      {...q, speaker: a.name, speaker_id: null}))) : h('p', {class: 'empty'}, 'No quotes.')),
    section('Recent events', table(a.recent_events, eventColumns())),
  ];
}

async function dyad(a, b, params) {
  const interval = params.get('interval') || 'month';
  const [t, ab, ba] = await Promise.all([
    get(`dyads/${enc(a)}/${enc(b)}/timeline`, {interval}),
    get('events', {source: a, target: b, actual: true, copies: false, limit: 100}),
    get('events', {source: b, target: a, actual: true, copies: false, limit: 100})]);
  const events = [...ab.items, ...ba.items].sort((x, y) => String(y.date).localeCompare(String(x.date)));
  const undated = t.buckets.filter((x) => !x.bucket).reduce((n, x) => n + x.events, 0);
  const tot = t.totals;
  return [
    title(`${a} ↔ ${b}`),
    form([field('a', 'Actor or country A', a), field('b', 'Actor or country B', b),
      h('label', {class: 'field'}, 'Interval', h('select', {name: 'interval'},
        ['day', 'week', 'month'].map((i) => h('option', {value: i, selected: i === interval}, i))))],
    (v) => { location.hash = dyadHref(v.a, v.b, v.interval); }, 'Show'),
    h('p', {class: 'lead', 'data-testid': 'dyad-totals'},
      `${tot.events} actual events (copies of a story counted once): ${tot.cooperation} cooperation, ` +
      `${tot.conflict} conflict, Goldstein sum ${fmt(tot.goldstein)}; ${a}→${b} ${tot.a_to_b}, ${b}→${a} ${tot.b_to_a}` +
      (undated ? `; ${undated} undated (not charted)` : '')),
    section('Timeline', dyadChart(t.buckets, interval)),
    section('By PLOVER type', table(Object.entries(tot.by_type).map(([type, n]) => ({type, n})),
      [['type', 'Type'], ['n', 'Events']])),
    section('Events', table(events, eventColumns())),
  ];
}

async function network(params) {
  const level = params.get('level') || 'actor';
  const focus = params.get('actor') || '';
  const limit = params.get('limit') || '60';
  const graph = await get('network', {actor: focus, level, limit});
  const onNode = (n) => {
    if (level === 'actor') location.hash = actorHref(n.id);
    else setParams('network', {level, actor: n.id, limit});
  };
  return [
    title('Network'),
    form([field('actor', 'Around actor or country', focus),
      h('label', {class: 'field'}, 'Level', h('select', {name: 'level'},
        ['actor', 'country'].map((l) => h('option', {value: l, selected: l === level}, l)))),
      field('limit', 'Edges', limit, {type: 'number', min: 1, max: 1000})],
    (v) => setParams('network', v)),
    networkView(graph, level, onNode),
  ];
}

async function quotes(params) {
  const p = Object.fromEntries(params.entries());
  const offset = Number(p.offset || 0);
  const page = await get('quotes', {speaker: p.speaker, q: p.q, from: p.from, to: p.to, limit: 25, offset});
  return [
    title('Quotes'),
    form([field('speaker', 'Speaker', p.speaker), field('q', 'Words', p.q),
      field('from', 'From', p.from, {type: 'date'}), field('to', 'To', p.to, {type: 'date'})],
    (v) => setParams('quotes', v), 'Filter'),
    page.items.length ? h('ul', {class: 'quotes'}, page.items.map(quoteItem)) : h('p', {class: 'empty'}, 'No quotes.'),
    pager(page, (o) => setParams('quotes', {...p, offset: o})),
  ];
}

async function events(params) {
  const p = Object.fromEntries(params.entries());
  const offset = Number(p.offset || 0);
  const page = await get('events', {...p, limit: 50, offset});
  return [
    title('Events'),
    form([field('actor', 'Either side', p.actor), field('source', 'Source', p.source), field('target', 'Target', p.target),
      field('type', 'PLOVER type', p.type), field('from', 'From', p.from, {type: 'date'}),
      field('to', 'To', p.to, {type: 'date'}), field('place', 'Place', p.place)],
    (v) => setParams('events', v), 'Filter'),
    table(page.items, eventColumns()),
    pager(page, (o) => setParams('events', {...p, offset: o})),
  ];
}

async function article(id, params) {
  const a = await get(`articles/${enc(id)}`);
  document.title = `${a.title || 'article'} · wirescope`;
  const at = (params.get('at') || '').split('-').map(Number);
  return [articleView(a, at.length === 2 && at.every(Number.isInteger) ? at : null)];
}

async function stories(params) {
  const p = Object.fromEntries(params.entries());
  const offset = Number(p.offset || 0);
  const page = await get('stories', {q: p.q, min_copies: p.min_copies, limit: 50, offset});
  return [
    title('Stories'),
    form([field('q', 'Title words', p.q), field('min_copies', 'At least copies', p.min_copies, {type: 'number', min: 1})],
      (v) => setParams('stories', v)),
    storyTable(page.items),
    pager(page, (o) => setParams('stories', {...p, offset: o})),
  ];
}

async function story(id) {
  const st = await get(`stories/${enc(id)}`);
  return [
    title(st.title || st.id),
    h('p', {class: 'lead'}, `${st.copies.length} copies; first published ${st.first_published || 'unknown'}. ` +
      'Events and quotes of later copies are counted once.'),
    table(st.copies, [
      ['title', 'Copy', (c) => articleLink(c.id, c.title || c.id)], ['publisher', 'Publisher'],
      ['published', 'Published'], ['first', 'First', (c) => (c.first ? 'first' : 'copy')],
      ['removed_lines', 'Boilerplate lines'], ['events', 'Events'], ['quotes', 'Quotes'], ['path', 'Path']]),
  ];
}

function sql(params) {
  const q = params.get('q') || 'SELECT type, count(*) AS events, round(sum(goldstein), 1) AS goldstein\n' +
    'FROM events WHERE NOT negated AND NOT is_copy\nGROUP BY type ORDER BY events DESC';
  const out = h('div', {class: 'sql-out'});
  const run = async (text) => {
    clear(out).append(h('p', {class: 'muted'}, 'Running…'));
    try {
      const r = await get('sql', {q: text, limit: 500});
      const rows = r.rows.map((row) => Object.fromEntries(row.map((v, i) => [i, v])));
      clear(out).append(table(rows, r.columns.map((c, i) => [i, c])),
        r.truncated ? h('p', {class: 'muted'}, 'Only the first 500 rows are shown.') : '');
    } catch (err) {
      clear(out).append(h('p', {class: 'error'}, err.message));
    }
  };
  const area = h('textarea', {name: 'q', rows: 6, spellcheck: 'false'});
  area.value = q;
  const f = h('form', {class: 'sql', onsubmit: (e) => { e.preventDefault(); run(area.value); }},
    area, h('button', {type: 'submit'}, 'Run (read-only)'));
  run(q);
  return [title('SQL console'), h('p', {class: 'muted'}, 'One SELECT or WITH statement over the store, read-only. ' +
    'Tables: articles, stories, publishers, actors, aliases, mentions, quotes, events, rejected.'), f, out];
}

// --- router -------------------------------------------------------------------------------------

const ROUTES = [
  [/^$/, () => home()],
  [/^search$/, (m, p) => search(p)],
  [/^actor\/(.+)$/, (m) => actor(decodeURIComponent(m[1]))],
  [/^dyad\/([^/]+)\/([^/]+)$/, (m, p) => dyad(decodeURIComponent(m[1]), decodeURIComponent(m[2]), p)],
  [/^network$/, (m, p) => network(p)],
  [/^quotes$/, (m, p) => quotes(p)],
  [/^events$/, (m, p) => events(p)],
  [/^article\/(.+)$/, (m, p) => article(decodeURIComponent(m[1]), p)],
  [/^stories$/, (m, p) => stories(p)],
  [/^story\/(.+)$/, (m) => story(decodeURIComponent(m[1]))],
  [/^sql$/, (m, p) => sql(p)],
];

let generation = 0;

async function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const params = new URLSearchParams(qs || '');
  const mine = ++generation;
  app.setAttribute('aria-busy', 'true');
  let content;
  try {
    const found = ROUTES.find(([re]) => re.test(path));
    content = found ? await found[1](path.match(found[0]), params) : [title('Not found')];
  } catch (err) {
    content = [title('Error'), h('p', {class: 'error'}, err.message)];
  }
  if (mine !== generation) return;
  clear(app).append(...[content].flat());
  app.setAttribute('aria-busy', 'false');
  window.scrollTo(0, 0);
}

document.getElementById('search').addEventListener('submit', (e) => {
  e.preventDefault();
  setParams('search', {q: document.getElementById('q').value.trim()});
});
window.addEventListener('hashchange', route);
route();
