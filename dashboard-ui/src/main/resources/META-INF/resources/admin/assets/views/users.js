// Users: a searchable, paged table of users with their counts and limits, and the admin's actions on each:
// reset the count (confirmed, with an optional reason), change the limit, issue a one-time claim code.

import * as api from '../api.js';
import {field, h, replace, state, table} from '../dom.js';
import * as format from '../format.js';
import {pager} from './paging.js';
import {actions, openDialog} from './dialog.js';

export const title = 'Users';

const SORTS = [['activity', 'Most recently active'], ['count', 'Most generations'], ['created', 'Newest']];
const PAGE_SIZE = 25;
const query = {q: '', sort: 'activity', page: 0};

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function label(user) {
  return user.email || user.id;
}

export function render(view) {
  let sequence = 0;
  let alive = true;
  const search = h('input', {type: 'search', name: 'q', id: 'user-search', value: query.q, maxlength: 200,
    autocomplete: 'off'});
  const sort = h('select', {name: 'sort', id: 'user-sort'},
    SORTS.map(([value, text]) => h('option', {value, selected: value === query.sort}, text)));
  const form = h('form', {class: 'controls', role: 'search', 'aria-label': 'Find users'},
    field('Email or user id', search)[0], field('Sort by', sort)[0],
    h('button', {type: 'submit'}, 'Search'));
  const message = h('div', {class: 'status-line', tabindex: '-1'});
  const list = h('div', {class: 'list'});

  function say(kind, text) {
    replace(message, state(kind, text));
  }

  /** Loads and shows the current page; resolves to the page shown, or null. */
  async function load() {
    const mine = ++sequence;
    list.setAttribute('aria-busy', 'true');
    if (!list.firstChild) replace(list, state('loading', 'Loading users…'));
    try {
      const data = await api.users({q: query.q, sort: query.sort, page: query.page, size: PAGE_SIZE});
      if (mine !== sequence || !alive) return null;
      list.removeAttribute('aria-busy');
      if (!data.items.length && data.page > 0 && data.total > 0) {
        query.page = Math.max(0, Math.ceil(data.total / data.size) - 1);
        return load();
      }
      replace(list, data.items.length ? usersTable(data) : state('empty',
        query.q ? `No user matches “${query.q}”.` : 'No users yet.'));
      return data;
    } catch (e) {
      if (mine !== sequence || e.status === 401) return null;
      list.removeAttribute('aria-busy');
      replace(list, state('error', `The users could not be loaded: ${e.message}`),
        h('button', {type: 'button', onclick: load}, 'Try again'));
      return null;
    }
  }

  /** After an action the read table trails the command by a moment: reload until it shows the new figures. */
  async function refreshUntilShown(updated) {
    for (let attempt = 0; attempt < 12 && alive; attempt++) {
      const data = await load();
      const row = data && data.items.find(user => user.id === updated.id);
      if (!row || (row.modelCount === updated.modelCount && row.modelLimit === updated.modelLimit)) return;
      await sleep(250);
    }
  }

  function buttonFor(userId, action) {
    return list.querySelector(`button[data-user-id="${CSS.escape(userId)}"][data-action="${action}"]`);
  }

  function usersTable(data) {
    const rows = data.items.map(user => h('tr', {'data-user-id': user.id},
      h('td', {class: 'text', 'data-field': 'user'}, label(user)),
      h('td', {class: 'num', 'data-field': 'count'}, `${format.count(user.modelCount)} / ${format.count(user.modelLimit)}`),
      h('td', {'data-field': 'lastActivity'}, format.when(user.lastActivityAt)),
      h('td', {class: 'actions-cell'}, h('div', {class: 'row-actions'},
        h('button', {type: 'button', 'data-action': 'reset', 'data-user-id': user.id,
          'aria-label': `Reset count of ${label(user)}`, onclick: event => confirmReset(user, event.currentTarget)},
        'Reset count'),
        h('button', {type: 'button', 'data-action': 'limit', 'data-user-id': user.id,
          'aria-label': `Change limit of ${label(user)}`, onclick: event => changeLimit(user, event.currentTarget)},
        'Change limit'),
        h('button', {type: 'button', 'data-action': 'claim', 'data-user-id': user.id,
          'aria-label': `Issue claim code for ${label(user)}`, onclick: event => claimCode(user, event.currentTarget)},
        'Claim code')))));
    return h('div', null,
      table('Users', ['User', 'Count / limit', 'Last activity', 'Actions'], rows, {class: 'users-table stack'}),
      pager(data, 'users', page => {
        query.page = page;
        load();
      }));
  }

  function errorLine() {
    return h('p', {class: 'form-message form-message-error', role: 'alert'});
  }

  /** Runs an action from a dialog: its button is disabled meanwhile, and a refusal shows in the dialog. */
  async function run(button, error, action) {
    button.disabled = true;
    error.textContent = '';
    try {
      await action();
    } catch (e) {
      button.disabled = false;
      if (e.status !== 401) error.textContent = e.message;
    }
  }

  function confirmReset(user, opener) {
    let focusAfter = opener;
    openDialog('Reset the generation count?', close => {
      const reason = h('input', {type: 'text', name: 'reason', maxlength: 500, autofocus: true, id: 'reset-reason'});
      const confirm = h('button', {type: 'submit', class: 'button-danger', id: 'confirm-reset'}, 'Reset count');
      const error = errorLine();
      const form = h('form', null,
        h('p', null, `${label(user)} has used ${format.count(user.modelCount)} of ${format.count(user.modelLimit)}`
          + ' generations. The count goes back to 0; the action is recorded in the audit log.'),
        field('Reason (optional)', reason)[0], error, actions(close, confirm));
      form.addEventListener('submit', event => {
        event.preventDefault();
        run(confirm, error, async () => {
          const updated = await api.resetCount(user.id, reason.value.trim());
          close();
          say('status', `The count of ${label(user)} was reset from ${format.count(user.modelCount)} to 0.`);
          await refreshUntilShown(updated);
          focusAfter = buttonFor(user.id, 'reset') || message;
          focusAfter.focus();
        });
      });
      return form;
    }, () => focusAfter);
  }

  function changeLimit(user, opener) {
    openDialog('Change the generation limit', close => {
      const limit = h('input', {type: 'number', name: 'modelLimit', min: 0, max: 1000000, step: 1, required: true,
        value: String(user.modelLimit), autofocus: true, id: 'model-limit'});
      const save = h('button', {type: 'submit', id: 'save-limit'}, 'Save limit');
      const error = errorLine();
      const form = h('form', {novalidate: true},
        h('p', null, `${label(user)} has used ${format.count(user.modelCount)} of ${format.count(user.modelLimit)} generations.`),
        field('New limit (0 to 1,000,000)', limit)[0], error, actions(close, save));
      form.addEventListener('submit', event => {
        event.preventDefault();
        const value = Number(limit.value);
        if (limit.value === '' || !Number.isInteger(value) || value < 0 || value > 1000000) {
          error.textContent = 'Enter a whole number from 0 to 1,000,000.';
          limit.focus();
          return;
        }
        run(save, error, async () => {
          const updated = await api.changeLimit(user.id, value);
          close();
          say('status', `The limit of ${label(user)} is now ${format.count(updated.modelLimit)}.`);
          await refreshUntilShown(updated);
          const button = buttonFor(user.id, 'limit');
          if (button) button.focus();
        });
      });
      return form;
    }, opener);
  }

  function claimCode(user, opener) {
    openDialog('Issue a claim code', close => {
      const issue = h('button', {type: 'submit', id: 'issue-claim-code'}, 'Issue code');
      const error = errorLine();
      const body = h('div');
      const form = h('form', null,
        h('p', null, `A one-time code lets a new browser session take over ${label(user)}. It is valid for 24 hours and`
          + ' is shown only once: copy it now and pass it on privately.'),
        error, actions(close, issue));
      form.addEventListener('submit', event => {
        event.preventDefault();
        run(issue, error, async () => {
          const issued = await api.issueClaimCode(user.id);
          const done = h('button', {type: 'button', onclick: close}, 'Done');
          replace(body,
            h('p', null, 'Claim code (shown only this once):'),
            h('p', {class: 'claim-code'}, h('code', {id: 'claim-code', tabindex: '0'}, issued.claimCode)),
            h('p', {class: 'note'}, `Valid until ${format.when(issued.expiresAt)}.`),
            h('div', {class: 'dialog-actions'}, done));
          done.focus();
          say('status', `A claim code was issued for ${label(user)}.`);
        });
      });
      body.append(form);
      return body;
    }, opener);
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    query.q = search.value.trim();
    query.sort = sort.value;
    query.page = 0;
    replace(message);
    load();
  });
  sort.addEventListener('change', () => form.requestSubmit());

  replace(view, form, message, list);
  load();
  return () => {
    alive = false;
    sequence++;
  };
}
