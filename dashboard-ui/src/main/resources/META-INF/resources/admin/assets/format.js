// How numbers, durations and times read on the dashboard. Times are shown in the browser's time zone.

export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const integer = new Intl.NumberFormat();
const dateTime = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});
const dateOnly = new Intl.DateTimeFormat(undefined, {month: 'short', day: 'numeric'});
const timeOnly = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'});

export const DASH = '—';

export function count(value) {
  return value === null || value === undefined ? DASH : integer.format(value);
}

export function percent(ratio) {
  return ratio === null || ratio === undefined ? DASH : `${(ratio * 100).toFixed(1)} %`;
}

export function duration(ms) {
  if (ms === null || ms === undefined) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "24 %": how much of a whole is done, rounded down, so that 100 % means all of it. */
export function share(part, whole) {
  if (part === null || part === undefined || !whole) return DASH;
  return `${Math.floor((part * 100) / whole)} %`;
}

/** A wait in whole seconds: "5 s", "3 min 20 s". */
export function seconds(value) {
  if (value === null || value === undefined) return DASH;
  return value < 60 ? `${value} s` : `${Math.floor(value / 60)} min ${value % 60} s`;
}

export function when(iso) {
  return iso ? dateTime.format(new Date(iso)) : DASH;
}

/** A bucket label on the chart's time axis. */
export function bucket(iso, interval) {
  const date = new Date(iso);
  return interval === 'hour' ? timeOnly.format(date) : dateOnly.format(date);
}

/** "2025-01-31" for a Date, in the browser's time zone: the value of an <input type=date>. */
export function localDate(date) {
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local midnight that starts the day an <input type=date> names. */
export function startOfLocalDay(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** A JSON value of the audit trail (such as {"modelCount":5}) as one line of text. */
export function values(json) {
  if (json === null || json === undefined) return DASH;
  if (typeof json !== 'object') return String(json);
  return Object.entries(json).map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(', ') || DASH;
}
