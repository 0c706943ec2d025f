// Overview: the period's figures against the period before it, page views and visitors over time, top pages and
// referrers, and a live count of visitors in the last five minutes.

import * as api from '../api.js';
import {field, h, replace, state, table} from '../dom.js';
import * as format from '../format.js';
import {timeSeriesChart} from '../chart.js';

export const title = 'Overview';

const SITES = [['', 'All sites'], ['portfolio', 'portfolio'], ['text-to-cad', 'text-to-cad']];
const RANGES = [['today', 'Today'], ['7d', 'Last 7 days'], ['30d', 'Last 30 days'], ['custom', 'Custom']];
const LIVE_WINDOW_MS = 5 * 60 * 1000;
const LIVE_POLL_MS = 5000;

// Kept across visits to other sections, so that coming back shows the same period.
const settings = {site: '', range: '7d', from: '', to: ''};

function daysAgo(now, days) {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
}

/** The chosen period as instants: [from, to), in the browser's time zone; null when the custom dates are wrong. */
export function period(now = new Date()) {
  switch (settings.range) {
    case 'today': return {from: daysAgo(now, 0), to: now};
    case '30d': return {from: daysAgo(now, 29), to: now};
    case 'custom': {
      if (!settings.from || !settings.to) return null;
      const from = format.startOfLocalDay(settings.from);
      const lastDay = format.startOfLocalDay(settings.to);
      const to = new Date(lastDay.getFullYear(), lastDay.getMonth(), lastDay.getDate() + 1);
      return from < to ? {from, to} : null;
    }
    default: return {from: daysAgo(now, 6), to: now};
  }
}

function statsParams(range) {
  return {site: settings.site, from: range.from.toISOString(), to: range.to.toISOString(), tz: format.timeZone};
}

/** "+12 % on the previous period (85)", in words a person reads at a glance. */
function change(current, previous, formatValue, asPoints) {
  if (current === null || current === undefined || previous === null || previous === undefined) {
    return {text: `Previous period: ${formatValue(previous)}`, trend: 'flat'};
  }
  const difference = current - previous;
  const trend = difference > 0 ? 'up' : difference < 0 ? 'down' : 'flat';
  let amount;
  if (asPoints) {
    amount = `${difference >= 0 ? '+' : '−'}${Math.abs(difference * 100).toFixed(1)} pts`;
  } else if (difference === 0) {
    amount = 'No change';
  } else if (previous === 0) {
    amount = `+${format.count(current)}`;
  } else {
    amount = `${difference > 0 ? '+' : '−'}${Math.abs((difference / previous) * 100).toFixed(0)} %`;
  }
  return {text: `${amount} on the previous period (${formatValue(previous)})`, trend};
}

/** A figure; data-value holds the raw number as the service sent it, for comparison with /admin/stats. */
function card(metric, label, raw, formatValue, delta, note) {
  return h('section', {class: 'card', 'data-metric': metric},
    h('h2', null, label),
    h('p', {class: 'value', 'data-value': raw === null || raw === undefined ? null : String(raw)}, formatValue(raw)),
    delta ? h('p', {class: `delta delta-${delta.trend}`}, delta.text) : null,
    note ? h('p', {class: 'note'}, note) : null);
}

function cards(current, previous) {
  const cad = current.cad;
  const before = previous.cad;
  return h('div', {class: 'cards'},
    card('pageViews', 'Page views', current.pageViews, format.count,
      change(current.pageViews, previous.pageViews, format.count)),
    card('uniqueVisitors', 'Unique visitors', current.uniqueVisitors, format.count,
      change(current.uniqueVisitors, previous.uniqueVisitors, format.count)),
    card('sessions', 'Sessions', current.users.sessions, format.count,
      change(current.users.sessions, previous.users.sessions, format.count), 'CAD app sign-ins started'),
    card('activeUsers', 'Active users', current.users.activeUsers, format.count,
      change(current.users.activeUsers, previous.users.activeUsers, format.count),
      'Signed in or recorded a generation'),
    card('generations', 'Generations', cad.started, format.count, change(cad.started, before.started, format.count),
      'CAD app, whatever the site'),
    card('successRate', 'Success rate', cad.successRate, format.percent,
      change(cad.successRate, before.successRate, format.percent, true)),
    card('medianDuration', 'Median generation time', cad.p50DurationMs, format.duration,
      change(cad.p50DurationMs, before.p50DurationMs, format.duration)));
}

function rankTable(caption, header, items, key, emptyText) {
  if (!items.length) return h('section', {class: 'panel'}, h('h2', null, caption), state('empty', emptyText));
  return h('section', {class: 'panel'}, h('h2', null, caption),
    table(caption, [header, 'Views'], items.map(item => h('tr', null,
      h('td', {'data-field': key, class: 'text'}, item[key]),
      h('td', {class: 'num', 'data-field': 'pageViews'}, format.count(item.pageViews))))));
}

/** Top pages with the title each was last viewed with, both shown as text. */
function pagesTable(items) {
  const caption = 'Top pages';
  if (!items.length) return h('section', {class: 'panel'}, h('h2', null, caption), state('empty', 'No pages viewed in this period.'));
  return h('section', {class: 'panel'}, h('h2', null, caption),
    table(caption, ['Path', 'Title', 'Views'], items.map(item => h('tr', null,
      h('td', {'data-field': 'path', class: 'text'}, item.path),
      h('td', {'data-field': 'title', class: 'text'}, item.title ?? format.DASH),
      h('td', {class: 'num', 'data-field': 'pageViews'}, format.count(item.pageViews))))));
}

function errorTable(errors) {
  if (!errors.length) return null;
  return h('section', {class: 'panel'}, h('h2', null, 'Most frequent generation errors'),
    table('Most frequent generation errors', ['Error', 'Count'], errors.map(item => h('tr', null,
      h('td', {'data-field': 'error', class: 'text'}, item.error),
      h('td', {class: 'num'}, format.count(item.count))))));
}

export function render(view) {
  let sequence = 0;
  let stopChart = null;
  let liveTimer = null;

  const site = h('select', {name: 'site', id: 'site'},
    SITES.map(([value, label]) => h('option', {value, selected: value === settings.site}, label)));
  const range = h('select', {name: 'range', id: 'range'},
    RANGES.map(([value, label]) => h('option', {value, selected: value === settings.range}, label)));
  const from = h('input', {type: 'date', name: 'from', id: 'from', value: settings.from});
  const to = h('input', {type: 'date', name: 'to', id: 'to', value: settings.to});
  const custom = h('div', {class: 'custom-range'}, field('From', from)[0], field('To (inclusive)', to)[0],
    h('button', {type: 'submit'}, 'Apply'));
  const controls = h('form', {class: 'controls', 'aria-label': 'Site and period'},
    field('Site', site)[0], field('Period', range)[0], custom,
    h('p', {class: 'note'}, `Times in ${format.timeZone}`));
  const live = h('section', {class: 'live', 'aria-labelledby': 'live-title'},
    h('h2', {id: 'live-title'}, 'Visitors in the last 5 minutes'),
    h('p', {class: 'live-value', 'aria-live': 'polite'}, format.DASH));
  const status = h('div', {class: 'status-line'});
  const content = h('div', {class: 'overview-content'});

  function syncCustom() {
    custom.hidden = settings.range !== 'custom';
  }

  async function load() {
    const current = period();
    if (!current) {
      replace(status, state('error', 'Choose a start date on or before the end date.'));
      return;
    }
    const previous = {from: new Date(current.from - (current.to - current.from)), to: current.from};
    const mine = ++sequence;
    replace(status, state('loading', 'Loading statistics…'));
    content.setAttribute('aria-busy', 'true');
    try {
      const [now, before] = await Promise.all([api.stats(statsParams(current)), api.stats(statsParams(previous))]);
      if (mine !== sequence) return;
      if (stopChart) stopChart();
      stopChart = null;
      content.removeAttribute('aria-busy');
      // The exact query, for anyone (or any test) who wants to compare with /admin/stats.
      Object.assign(content.dataset, {site: settings.site, from: now.from, to: now.to, tz: now.tz});
      const chart = h('div', {class: 'chart-box'});
      replace(content,
        cards(now, before),
        h('section', {class: 'panel'}, h('h2', null, 'Page views and visitors'),
          now.pageViews === 0 ? state('empty', 'No page views in this period.') : chart),
        h('div', {class: 'columns'},
          pagesTable(now.topPages),
          rankTable('Top referrers', 'Referrer', now.topReferrers, 'referrer', 'No visits from other sites in this period.')),
        errorTable(now.cad.topErrors));
      replace(status, h('p', {class: 'note'},
        `${format.when(now.from)} to ${format.when(now.to)}, compared with ${format.when(before.from)} to ${format.when(before.to)}`));
      if (now.pageViews > 0) {
        stopChart = timeSeriesChart(chart, now.timeseries,
          [{key: 'pageViews', label: 'Page views', className: 'series-a'},
            {key: 'visitors', label: 'Visitors', className: 'series-b'}],
          now.interval, `Page views and visitors per ${now.interval}: ${format.count(now.pageViews)} page views, `
            + `${format.count(now.uniqueVisitors)} unique visitors in all`);
      }
    } catch (e) {
      if (mine !== sequence || e.status === 401) return;
      content.removeAttribute('aria-busy');
      replace(status, state('error', `The statistics could not be loaded: ${e.message}`),
        h('button', {type: 'button', onclick: load}, 'Try again'));
    }
  }

  async function pollLive() {
    const now = new Date();
    const params = {site: settings.site, from: new Date(now - LIVE_WINDOW_MS).toISOString(), to: now.toISOString(),
      tz: format.timeZone};
    const value = live.querySelector('.live-value');
    try {
      const stats = await api.stats(params);
      Object.assign(live.dataset, {from: params.from, to: params.to, site: settings.site});
      replace(value, h('strong', {'data-field': 'liveVisitors'}, format.count(stats.uniqueVisitors)),
        ` visitors, ${format.count(stats.pageViews)} page views · updated ${now.toLocaleTimeString()}`);
    } catch (e) {
      if (e.status !== 401) replace(value, `Live figures unavailable: ${e.message}`);
    }
  }

  site.addEventListener('change', () => {
    settings.site = site.value;
    load();
    pollLive();
  });
  range.addEventListener('change', () => {
    settings.range = range.value;
    syncCustom();
    if (settings.range === 'custom') {
      if (!from.value) from.value = format.localDate(daysAgo(new Date(), 6));
      if (!to.value) to.value = format.localDate(new Date());
      // Until Apply, a change of site reads these dates.
      settings.from = from.value;
      settings.to = to.value;
      from.focus();
    } else {
      load();
    }
  });
  controls.addEventListener('submit', event => {
    event.preventDefault();
    settings.from = from.value;
    settings.to = to.value;
    load();
  });

  syncCustom();
  replace(view, controls, live, status, content);
  load();
  pollLive();
  liveTimer = setInterval(pollLive, LIVE_POLL_MS);
  return () => {
    sequence++;
    clearInterval(liveTimer);
    if (stopChart) stopChart();
  };
}
