// CSV and JSON downloads of what a view shows: built in the page from the rows it already has.
import {h} from './dom.js';

function cell(v) {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows) {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

function save(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const a = h('a', {href: '#', download: name});
  a.setAttribute('href', url);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "Download CSV" and "Download JSON" buttons for `rows()` (called at click time). */
export function downloads(name, rows) {
  return h('span', {class: 'downloads'},
    h('button', {type: 'button', 'data-testid': 'download-csv', onclick: () => save(`${name}.csv`, 'text/csv', toCsv(rows()))},
      'Download CSV'),
    h('button', {type: 'button', onclick: () => save(`${name}.json`, 'application/json', JSON.stringify(rows(), null, 1))},
      'Download JSON'));
}
