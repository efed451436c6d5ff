// Building the page from data: every string becomes a text node or an attribute value, never markup.
// Nothing in the dashboard parses data as HTML (a test greps the sources and the bundle for it).

const SVG_NS = 'http://www.w3.org/2000/svg';
const SAFE_URL = /^(#|\/|https?:\/\/)/i;

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key.startsWith('on')) {
      throw new Error(`refusing a non-function ${key} attribute`);
    } else if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'href' || key === 'src') {
      el.setAttribute(key, SAFE_URL.test(String(value)) ? String(value) : '#');
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value') {
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h('a', {href: '#/x'}, 'text', child...) -> an element; strings are text, never parsed. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  return append(el, children);
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (!key.startsWith('on') && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  return append(el, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function fmt(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A table of rows; `columns` are [key, label, render?] where render(row) returns a node or text. */
export function table(rows, columns, empty = 'Nothing found.') {
  if (!rows || !rows.length) return h('p', {class: 'empty'}, empty);
  return h('table', {class: 'grid'},
    h('thead', null, h('tr', null, columns.map(([, label]) => h('th', null, label)))),
    h('tbody', null, rows.map((row) => h('tr', null,
      columns.map(([key, , render]) => h('td', {class: `c-${key}`}, render ? render(row) : fmt(row[key])))))));
}
