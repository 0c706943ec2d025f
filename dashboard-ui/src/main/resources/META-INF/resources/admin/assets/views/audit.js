// Audit log: every admin action, newest first: who, what, on whom, the values before and after, and when.

import * as api from '../api.js';
import {field, h, replace, state, table} from '../dom.js';
import * as format from '../format.js';
import {pager} from './paging.js';

export const title = 'Audit log';

const ACTIONS = [
  ['', 'All actions'],
  ['user.count_reset', 'Count reset'],
  ['user.limit_changed', 'Limit changed'],
  ['user.claim_code_issued', 'Claim code issued'],
  ['user.claim_code_redeemed', 'Claim code redeemed'],
  ['admin.login', 'Admin signed in'],
  ['admin.login_failed', 'Failed sign-in'],
  ['admin.logout', 'Admin signed out'],
  ['projections.rebuild_requested', 'Rebuild requested'],
];
const PAGE_SIZE = 25;
const filters = {action: '', page: 0};

function actionLabel(action) {
  const known = ACTIONS.find(([value]) => value === action);
  return known ? known[1] : action;
}

export function render(view) {
  let sequence = 0;
  const action = h('select', {name: 'action', id: 'audit-action'},
    ACTIONS.map(([value, text]) => h('option', {value, selected: value === filters.action}, text)));
  const refresh = h('button', {type: 'submit'}, 'Refresh');
  const form = h('form', {class: 'controls', 'aria-label': 'Filter the audit log'}, field('Action', action)[0], refresh);
  const status = h('div', {class: 'status-line'});
  const content = h('div', {class: 'stacked'});

  async function load() {
    const mine = ++sequence;
    replace(status, state('loading', 'Loading the audit log…'));
    try {
      const data = await api.logs({action: filters.action, page: filters.page, size: PAGE_SIZE});
      if (mine !== sequence) return;
      replace(status);
      const rows = data.items.map(entry => h('tr', {'data-entry-id': entry.id, 'data-action': entry.action},
        h('td', {'data-field': 'occurredAt'}, format.when(entry.occurredAt)),
        h('td', {'data-field': 'actor'}, entry.ipHmac ? `${entry.actor} (IP #${entry.ipHmac.slice(0, 8)})` : entry.actor),
        h('td', {'data-field': 'action'}, actionLabel(entry.action)),
        h('td', {class: 'text id', 'data-field': 'target'}, entry.target || format.DASH),
        h('td', {class: 'text', 'data-field': 'before'}, format.values(entry.before)),
        h('td', {class: 'text', 'data-field': 'after'}, format.values(entry.after)),
        h('td', {class: 'text', 'data-field': 'reason'}, entry.reason ?? format.DASH)));
      replace(content, rows.length
        ? h('div', null,
          table('Audit log, newest first', ['When', 'Who', 'What', 'Target', 'Before', 'After', 'Reason'], rows,
            {class: 'audit-table stack'}),
          pager(data, 'entries', page => {
            filters.page = page;
            load();
          }))
        : state('empty', filters.action ? 'No entries for this action.' : 'No admin actions recorded yet.'));
    } catch (e) {
      if (mine !== sequence || e.status === 401) return;
      replace(status, state('error', `The audit log could not be loaded: ${e.message}`),
        h('button', {type: 'button', onclick: load}, 'Try again'));
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    filters.page = 0;
    load();
  });
  action.addEventListener('change', () => {
    filters.action = action.value;
    form.requestSubmit();
  });

  replace(view, form, status, content);
  load();
  return () => {
    sequence++;
  };
}
