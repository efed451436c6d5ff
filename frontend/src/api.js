// The REST API, same origin.

export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.status = status;
  }
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

export async function get(path, params) {
  const res = await fetch(`/api/${path}${query(params)}`, {headers: {Accept: 'application/json'}});
  const body = await res.json().catch(() => ({detail: res.statusText}));
  if (!res.ok) throw new ApiError(res.status, body.detail || res.statusText);
  return body;
}

export const enc = encodeURIComponent;
