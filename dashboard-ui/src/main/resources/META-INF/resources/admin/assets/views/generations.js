// Generations: the CAD event history with filters (user, kind, time range, prompt text), paged, and the success
// rate and duration percentiles of everything the filters match. Prompts are shown exactly as sent, as text.

import * as api from '../api.js';
import {field, h, replace, state, table} from '../dom.js';
import * as format from '../format.js';
import {pager} from './paging.js';

export const title = 'Generations';

const KINDS = ['generation_started', 'generation_succeeded', 'generation_failed', 'model_downloaded', 'model_viewed'];
const PAGE_SIZE = 25;
const filters = {userId: '', kind: '', from: '', to: '', q: '', page: 0};

function params() {
  const to = filters.to ? format.startOfLocalDay(filters.to) : null;
  return {
    userId: filters.userId, kind: filters.kind, q: filters.q, page: filters.page, size: PAGE_SIZE,
    from: filters.from ? format.startOfLocalDay(filters.from).toISOString() : '',
    // The end date is inclusive: up to the start of the next local day.
    to: to ? new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1).toISOString() : '',
  };
}

function summary(s) {
  const item = (metric, label, value) =>
    h('div', {class: 'card card-small', 'data-metric': metric}, h('h2', null, label), h('p', {class: 'value'}, value));
  return h('section', {class: 'cards', 'aria-label': 'Summary of the filtered generations'},
    item('started', 'Started', format.count(s.started)),
    item('succeeded', 'Succeeded', format.count(s.succeeded)),
    item('failed', 'Failed', format.count(s.failed)),
    item('successRate', 'Success rate', format.percent(s.successRate)),
    item('p50', 'Median time (p50)', format.duration(s.p50DurationMs)),
    item('p95', 'p95 time', format.duration(s.p95DurationMs)));
}

function kindLabel(kind) {
  return kind.replace(/_/g, ' ');
}

export function render(view) {
  let sequence = 0;
  const userId = h('input', {type: 'text', name: 'userId', id: 'gen-user', value: filters.userId, maxlength: 36,
    autocomplete: 'off', spellcheck: 'false'});
  const kind = h('select', {name: 'kind', id: 'gen-kind'}, h('option', {value: ''}, 'Any'),
    KINDS.map(value => h('option', {value, selected: value === filters.kind}, kindLabel(value))));
  const from = h('input', {type: 'date', name: 'from', id: 'gen-from', value: filters.from});
  const to = h('input', {type: 'date', name: 'to', id: 'gen-to', value: filters.to});
  const q = h('input', {type: 'search', name: 'q', id: 'gen-q', value: filters.q, maxlength: 200, autocomplete: 'off'});
  const clear = h('button', {type: 'button', class: 'button-quiet'}, 'Clear filters');
  const form = h('form', {class: 'controls', role: 'search', 'aria-label': 'Filter generations'},
    field('Prompt contains', q)[0], field('User id', userId)[0], field('Kind', kind)[0],
    field('From', from)[0], field('To (inclusive)', to)[0],
    h('div', {class: 'control-buttons'}, h('button', {type: 'submit'}, 'Apply filters'), clear));
  const status = h('div', {class: 'status-line'});
  const content = h('div', {class: 'stacked'});

  async function load() {
    const mine = ++sequence;
    replace(status, state('loading', 'Loading generations…'));
    content.setAttribute('aria-busy', 'true');
    try {
      const data = await api.cadEvents(params());
      if (mine !== sequence) return;
      content.removeAttribute('aria-busy');
      replace(status);
      const rows = data.items.map(event => h('tr', {'data-event-id': event.id},
        h('td', {'data-field': 'occurredAt'}, format.when(event.occurredAt)),
        h('td', {class: 'text id', 'data-field': 'userId'}, event.userId || format.DASH),
        h('td', {'data-field': 'kind'}, kindLabel(event.kind)),
        h('td', {class: 'text prompt', 'data-field': 'prompt'}, event.prompt ?? format.DASH),
        h('td', {class: 'num', 'data-field': 'duration'}, format.duration(event.durationMs)),
        h('td', {class: 'text', 'data-field': 'error'}, event.error ?? format.DASH),
        h('td', {class: 'text', 'data-field': 'model'}, event.model ?? format.DASH)));
      replace(content, summary(data.summary),
        rows.length ? h('div', null,
          table('Generation history', ['When', 'User', 'Kind', 'Prompt', 'Duration', 'Error', 'Model'], rows,
            {class: 'generations-table stack'}),
          pager(data, 'events', page => {
            filters.page = page;
            load();
          }))
          : state('empty', 'No generations match these filters.'));
    } catch (e) {
      if (mine !== sequence || e.status === 401) return;
      content.removeAttribute('aria-busy');
      replace(status, state('error', e.field
        ? `Check the filter “${e.field}”: ${e.message}` : `The generations could not be loaded: ${e.message}`),
      h('button', {type: 'button', onclick: load}, 'Try again'));
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    Object.assign(filters, {userId: userId.value.trim(), kind: kind.value, from: from.value, to: to.value,
      q: q.value, page: 0});
    load();
  });
  clear.addEventListener('click', () => {
    for (const input of [userId, from, to, q]) input.value = '';
    kind.value = '';
    form.requestSubmit();
  });

  replace(view, form, status, content);
  load();
  return () => {
    sequence++;
  };
}
