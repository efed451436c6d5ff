// wirescope dashboard: hash routes over the REST API. Vanilla DOM built by dom.js (text nodes only).
import './style.css';
import {enc, get} from './api.js';
import {articleView} from './article.js';
import {barChart, lastDay, label as bucketLabel} from './bars.js';
import {cardList} from './cards.js';
import {clear, fmt, h, table} from './dom.js';
import {downloads} from './download.js';
import {actorHref, actorLink, articleLink, dyadHref, eventColumns, quoteItem, storyHref} from './links.js';
import {loadWorld, mapView} from './map.js';
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
  const [health, actors, stories, told, summary] = await Promise.all([
    get('health'), get('actors', {limit: 12}), get('stories', {limit: 8}),
    get('events/cards', {actual: true, sort: 'sources', min_sources: 2, limit: 4}), get('events/summary', {actual: true})]);
  const st = health.stats;
  return [
    title('wirescope'),
    h('p', {class: 'lead'}, `${st.articles} articles in ${st.stories} stories · ${st.actors} actors · ` +
      `${st.quotes} quotes · ${st.events} events`),
    section(`Events over time (per ${summary.interval})`, histogram(summary, {actual: true}),
      h('p', null, h('a', {href: '#/events?actual=true'}, 'All events, one card per story'))),
    section('Told by the most sources', cardList(told.items)),
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
    section('Mentions over time (stories per month)', barChart(a.mentions_over_time,
      {key: 'month', value: 'stories', interval: 'month', title: 'mentions'})),
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
    section('Timeline', h('p', {class: 'legend'}, h('span', {class: 'swatch', style: 'background:#2f9e44'}),
      ' cooperation  ', h('span', {class: 'swatch', style: 'background:#e03131'}), ' conflict  ',
      h('span', {class: 'swatch', style: 'background:#adb5bd'}), ' other (events, left axis) · ',
      h('span', {class: 'swatch', style: 'background:#1c7ed6'}), ' Goldstein sum (right axis). ',
      'Click a bar for its events.'),
    barChart(t.buckets, {key: 'bucket', value: 'events', interval, title: 'dyad',
      stack: [['cooperation', '#2f9e44'], ['conflict', '#e03131']],
      line: {field: 'goldstein', colour: '#1c7ed6', label: 'Goldstein'},
      onClick: (bucket) => setParams('events', {source: a, target: b, both: 1, actual: true,
        from: bucket, to: lastDay(bucket, interval)})})),
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

const QUADS = {1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict'};
const EVENT_FILTERS = ['actor', 'source', 'target', 'type', 'quad', 'country', 'place', 'from', 'to', 'actual'];

function eventParams(p) {
  return Object.fromEntries(EVENT_FILTERS.filter((k) => p[k]).map((k) => [k, p[k]]));
}

function histogram(summary, p) {
  const box = barChart(summary.histogram, {key: 'bucket', value: 'events', interval: summary.interval,
    title: 'events', stack: [['cooperation', '#2f9e44'], ['conflict', '#e03131']],
    onClick: (bucket) => setParams('events', {...p, from: bucket, to: lastDay(bucket, summary.interval), offset: ''})});
  if (summary.undated) box.appendChild(h('p', {class: 'muted'}, `${summary.undated} events have no date and are not charted ` +
    '(their articles carry none: ingest them with --published).'));
  return box;
}

function facets(summary, p, route = 'events') {
  const chip = (key, value, text, n) => h('a', {class: ['chip', String(p[key]) === String(value) ? 'on' : ''],
    href: '#', onclick: (e) => { e.preventDefault(); setParams(route, {...p, [key]: String(p[key]) === String(value) ? '' : value, offset: ''}); }},
  `${text} `, h('span', {class: 'n'}, String(n)));
  const f = summary.facets;
  return h('div', {class: 'facets'},
    h('div', null, h('strong', null, 'Type: '), f.type.map((t) => chip('type', t.value, t.value, t.events))),
    h('div', null, h('strong', null, 'Quad class: '), f.quad.filter((q) => q.value).map((q) => chip('quad', q.value, QUADS[q.value], q.events))),
    h('div', null, h('strong', null, 'Country: '), f.country.map((c) => chip('country', c.value, c.value, c.events))));
}

/** The event filters (the API's), for the event cards and the map: `route` is where they apply. */
function eventForm(p, summary, sort, view, route = 'events') {
  const listOnly = route === 'events' ? [
    field('min_sources', 'At least sources', p.min_sources, {type: 'number', min: 1}),
    h('label', {class: 'field'}, 'Sort', h('select', {name: 'sort'}, h('option', {value: 'date'}, 'newest'),
      h('option', {value: 'sources', selected: sort === 'sources'}, 'most sources'))),
    h('label', {class: 'field'}, 'Show', h('select', {name: 'view'}, h('option', {value: 'cards'}, 'one card per story'),
      h('option', {value: 'rows', selected: view === 'rows'}, 'every mention')))] : [];
  return form([field('actor', 'Either side', p.actor), field('source', 'Source', p.source), field('target', 'Target', p.target),
    h('label', {class: 'field'}, 'PLOVER type', h('input', {name: 'type', value: p.type || '', list: 'plover-types'}),
      h('datalist', {id: 'plover-types'}, summary.facets.type.map((t) => h('option', {value: t.value})))),
    h('label', {class: 'field'}, 'Quad class', h('select', {name: 'quad'}, h('option', {value: ''}, 'any'),
      Object.entries(QUADS).map(([k, v]) => h('option', {value: k, selected: p.quad === k}, v)))),
    field('country', 'Country (ISO3)', p.country, {maxlength: 3, size: 5}), field('place', 'Place', p.place),
    field('from', 'From', p.from, {type: 'date'}), field('to', 'To', p.to, {type: 'date'}),
    ...listOnly,
    h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'actual', value: 'true', checked: p.actual === 'true'}),
      ' only events that happened')],
    (v) => setParams(route, v), 'Filter');
}

async function events(params) {
  const p = Object.fromEntries(params.entries());
  const offset = Number(p.offset || 0);
  const filters = eventParams(p);
  const view = p.view === 'rows' ? 'rows' : 'cards';
  const sort = p.sort === 'sources' ? 'sources' : 'date';
  const summaryQ = p.both ? {...filters, source: '', target: '', actor: p.source} : filters;
  let items;
  let page;
  const [summary] = await Promise.all([get('events/summary', summaryQ), (async () => {
    if (p.both) {  // both directions of a dyad (from the dyad chart)
      const q = {...filters, limit: 100};
      const route = view === 'rows' ? 'events' : 'events/cards';
      const extra = view === 'rows' ? {evidence: true} : {min_sources: p.min_sources, sort};
      const [ab, ba] = await Promise.all([get(route, {...q, ...extra}),
        get(route, {...q, ...extra, source: p.target, target: p.source})]);
      items = [...ab.items, ...ba.items];
      page = {items, offset: 0, limit: 100, next: null};
    } else if (view === 'rows') {
      page = await get('events', {...filters, evidence: true, limit: 50, offset});
    } else {
      page = await get('events/cards', {...filters, min_sources: p.min_sources, sort, limit: 25, offset});
    }
    items = page.items;
  })()]);
  const rowsCols = [...eventColumns().slice(0, -1), ['sentence', 'Evidence', (e) => h('span', null, h('q', null, e.sentence || ''), ' ',
    articleLink(e.article_id, e.publisher || 'article', [e.sentence_start ?? e.start_char, e.sentence_end ?? e.end_char]))]];
  return [
    title('Events'),
    eventForm(p, summary, sort, view),
    h('p', {class: 'lead', 'data-testid': 'events-total'}, `${summary.events} event mentions match` +
      (summary.undated ? ` (${summary.undated} undated)` : '') + '. ',
    view === 'cards' ? 'One card per story-level event; copies and sources counted.' : 'Every mention, copies included.',
    ' ', downloads(`wirescope-events-${view}`, () => items)),
    section(`Per ${summary.interval} (click a bar to narrow to it)`, histogram(summary, p)),
    facets(summary, p),
    view === 'cards' ? cardList(items) : table(items, rowsCols, 'No events match.'),
    pager(page, (o) => setParams('events', {...p, offset: o})),
  ];
}

/** Events by place: the map with the event filters; a marker (or a row of the places table) lists its
 * events as cards below, without leaving the page. */
async function map(params) {
  const p = Object.fromEntries(params.entries());
  const filters = eventParams(p);
  const [data, summary, countries] = await Promise.all([get('events/map', filters), get('events/summary', filters),
    loadWorld()]);
  const picked = h('section', {class: 'panel', 'data-testid': 'map-events', 'aria-live': 'polite'},
    h('h2', null, 'Events at a place'), h('p', {class: 'muted'}, 'Click a marker, a shaded country or a place below.'));
  const pick = async (point) => {
    const heading = point.precision === 'country' ? `Events in ${point.name} (anywhere in the country)` : `Events at ${point.name}`;
    clear(picked).append(h('h2', null, heading), h('p', {class: 'muted'}, 'Loading…'));
    try {
      const page = await get('events/cards', {...filters, place: point.place, sort: 'sources', limit: 25});
      clear(picked).append(h('h2', null, heading), h('p', {class: 'lead'}, `${point.events} event mentions; ` +
        `${page.items.length}${page.next !== null ? '+' : ''} story-level events. `,
      h('a', {href: `#/events?${new URLSearchParams({...filters, place: point.place})}`}, 'All of them as event cards'), ' ',
      downloads('wirescope-events-at-place', () => page.items)), cardList(page.items));
    } catch (err) {
      clear(picked).append(h('h2', null, heading), h('p', {class: 'error', role: 'alert'}, humanError(err)));
    }
    picked.scrollIntoView({block: 'start'});
  };
  const placeRows = data.points.slice(0, 30);
  return [
    title('Map'),
    eventForm(p, summary, 'date', 'cards', 'map'),
    h('p', {class: 'lead', 'data-testid': 'map-total'}, `${data.placed} event mentions placed at ${data.points.length} ` +
      `place${data.points.length === 1 ? '' : 's'}; ${data.unplaced} with no place the gazetteer knows. `,
    downloads('wirescope-map-places', () => data.points.map(({names, ...rest}) => ({...rest, names: names.join('|')})))),
    facets(summary, p, 'map'),
    data.points.length ? mapView(data, countries, pick) : h('p', {class: 'empty'}, 'No event with a known place matches.'),
    picked,
    section('Places with the most events', table(placeRows, [
      ['name', 'Place', (pt) => h('a', {href: '#', onclick: (e) => { e.preventDefault(); pick(pt); }}, pt.name)],
      ['country', 'Country'], ['precision', 'Placed by'], ['events', 'Events'], ['cooperation', 'Cooperation'],
      ['conflict', 'Conflict'], ['names', 'Written as']], 'No places.')),
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
  [/^map$/, (m, p) => map(p)],
  [/^article\/(.+)$/, (m, p) => article(decodeURIComponent(m[1]), p)],
  [/^stories$/, (m, p) => stories(p)],
  [/^story\/(.+)$/, (m) => story(decodeURIComponent(m[1]))],
  [/^sql$/, (m, p) => sql(p)],
];

let generation = 0;

function humanError(err) {
  if (err instanceof TypeError) return 'The server did not answer. Is `wirescope serve` still running?';
  return err.message || 'The server could not answer this request.';
}

async function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const params = new URLSearchParams(qs || '');
  const mine = ++generation;
  app.setAttribute('aria-busy', 'true');
  document.body.classList.add('loading');
  let content;
  try {
    const found = ROUTES.find(([re]) => re.test(path));
    content = found ? await found[1](path.match(found[0]), params) : [title('Not found'),
      h('p', {class: 'empty'}, 'No page here. ', h('a', {href: '#/'}, 'Back to the start'))];
  } catch (err) {
    content = [title(err.status === 404 ? 'Not found' : 'Something went wrong'), h('p', {class: 'error', role: 'alert'}, humanError(err)),
      h('p', null, h('a', {href: '#', onclick: (e) => { e.preventDefault(); history.back(); }}, '← back'))];
  }
  if (mine !== generation) return;
  clear(app).append(...[content].flat());
  app.setAttribute('aria-busy', 'false');
  document.body.classList.remove('loading');
  window.scrollTo(0, 0);
}

document.getElementById('search').addEventListener('submit', (e) => {
  e.preventDefault();
  setParams('search', {q: document.getElementById('q').value.trim()});
});
window.addEventListener('hashchange', route);
route();
