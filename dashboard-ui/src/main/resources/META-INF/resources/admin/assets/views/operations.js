// Operations: rebuild read models from the event store and watch the rebuild's progress, each event processor's
// position and lag, and the events projections have parked as dead letters, with a way to retry them.
// The page polls while it is open: every 2 s while a rebuild runs, every 10 s otherwise.

import * as api from '../api.js';
import {h, replace, state, table} from '../dom.js';
import * as format from '../format.js';
import {actions, openDialog} from './dialog.js';

export const title = 'Operations';

const FAST_POLL_MS = 2000;
const SLOW_POLL_MS = 10000;
const RUNNING = ['rebuilding', 'swapping'];

const STATE_TEXT = {
  idle: 'idle',
  rebuilding: 'rebuilding',
  swapping: 'swapping',
  done: 'done',
  failed: 'failed',
};

function badge(value) {
  return h('span', {class: `badge badge-${STATE_TEXT[value] ? value : 'other'}`, 'data-state': value}, value);
}

function running(rebuild) {
  return RUNNING.includes(rebuild.state);
}

function readModelsText(names) {
  return names.join(', ');
}

/**
 * Replaces a section's content, and keeps the keyboard where it was: the element with the same data-key gets the
 * focus back, or, when it has gone or is disabled, the section's heading.
 */
function swap(container, fallback, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : undefined;
  const had = active && container.contains(active);
  replace(container, ...children);
  if (!had) return;
  const again = key ? container.querySelector(`[data-key="${CSS.escape(key)}"]`) : null;
  if (again && !again.disabled) again.focus();
  else fallback.focus();
}

/** A table whose scrolling region keeps its focus across a refresh. */
function keyedTable(key, caption, headers, rows, attrs) {
  const wrap = table(caption, headers, rows, attrs);
  wrap.dataset.key = key;
  return wrap;
}

/** "12,000 of 50,000 events (24 %)", the rate and the time left. */
function progressFigures(rebuild) {
  const total = Math.max(rebuild.eventsTotal, rebuild.eventsDone);
  const figures = [`${format.count(rebuild.eventsDone)} of ${format.count(total)} events (${
    total === 0 ? '100 %' : format.share(rebuild.eventsDone, total)})`];
  if (rebuild.eventsPerSecond !== null && rebuild.eventsPerSecond !== undefined && running(rebuild)) {
    figures.push(`${format.count(Math.round(rebuild.eventsPerSecond))} events/s`);
  }
  if (rebuild.secondsLeft !== null && rebuild.secondsLeft !== undefined && running(rebuild)) {
    figures.push(`about ${format.seconds(rebuild.secondsLeft)} left`);
  }
  return figures.join(' · ');
}

function progressBlock(rebuild) {
  const started = rebuild.startedAt !== null && rebuild.startedAt !== undefined;
  const total = Math.max(rebuild.eventsTotal, rebuild.eventsDone);
  const label = `Rebuild ${rebuild.id} of ${readModelsText(rebuild.projections)}`;
  // Until a query instance has taken it up, the bar has no value: the browser shows it as waiting.
  const bar = started || !running(rebuild)
    ? h('progress', {max: String(Math.max(total, 1)), value: total === 0 ? (running(rebuild) ? 0 : 1) : rebuild.eventsDone,
      'aria-label': label})
    : h('progress', {'aria-label': label});
  let detail;
  if (rebuild.state === 'failed') {
    detail = h('p', {class: 'rebuild-error', 'data-field': 'error'}, rebuild.error ?? 'The rebuild failed.');
  } else if (!started) {
    detail = h('p', {class: 'note'}, 'Waiting for a query instance to take it up…');
  } else if (rebuild.state === 'swapping') {
    detail = h('p', {class: 'note'}, 'Caught up: taking the last events and swapping the rebuilt tables in.');
  } else if (rebuild.state === 'done') {
    detail = h('p', {class: 'note'}, `Swapped in ${format.when(rebuild.finishedAt)}`
      + (rebuild.startedAt && rebuild.finishedAt
        ? `, after ${format.duration(new Date(rebuild.finishedAt) - new Date(rebuild.startedAt))}.` : '.'));
  } else {
    detail = h('p', {class: 'note'}, 'The current tables keep serving until the rebuilt ones are swapped in.');
  }
  return h('div', {class: 'rebuild-progress', 'data-rebuild-id': String(rebuild.id), 'data-state': rebuild.state},
    h('p', {class: 'rebuild-title'}, h('strong', null, label), ' ', badge(rebuild.state)),
    bar,
    h('p', {class: 'rebuild-figures', 'data-field': 'progress'}, progressFigures(rebuild)),
    detail);
}

function historyTable(rebuilds) {
  const rows = rebuilds.map(rebuild => h('tr', {'data-rebuild-id': String(rebuild.id), 'data-state': rebuild.state},
    h('td', {class: 'num', 'data-field': 'id'}, String(rebuild.id)),
    h('td', {class: 'text', 'data-field': 'readModels'}, readModelsText(rebuild.projections)),
    h('td', {'data-field': 'state'}, badge(rebuild.state)),
    h('td', {class: 'text', 'data-field': 'requestedBy'}, rebuild.requestedBy),
    h('td', {'data-field': 'requestedAt'}, format.when(rebuild.requestedAt)),
    h('td', {'data-field': 'finishedAt'}, format.when(rebuild.finishedAt)),
    h('td', {class: 'num', 'data-field': 'events', 'data-value': String(rebuild.eventsDone)},
      format.count(rebuild.eventsDone))));
  return keyedTable('rebuild-history', 'Latest rebuilds, newest first',
    ['Id', 'Read models', 'State', 'Requested by', 'Requested at', 'Finished at', 'Events'], rows,
    {class: 'rebuilds-table stack'});
}

function segmentsText(segments) {
  if (!segments.length) return 'none yet';
  return segments.map(s => `#${s.segment} · ${s.owner ?? 'unclaimed'} · at ${format.count(s.position)}`).join('\n');
}

function processorsContent(data) {
  const rows = data.processors.map(p => h('tr', {'data-processor': p.name},
    h('td', {class: 'text', 'data-field': 'name'}, p.name),
    h('td', {'data-field': 'kind'}, p.kind),
    h('td', {class: 'num', 'data-field': 'position'}, format.count(p.position)),
    h('td', {class: 'num', 'data-field': 'lag'}, format.count(p.lag)),
    h('td', {class: 'text', 'data-field': 'segments'}, segmentsText(p.segments)),
    h('td', {'data-field': 'rebuilding'}, p.rebuilding ? 'yes' : 'no'),
    h('td', {class: 'num', 'data-field': 'deadLetters'}, format.count(p.deadLetters))));
  return [
    h('p', {class: 'note'}, 'Head of the event store: ',
      h('strong', {'data-field': 'head', 'data-value': String(data.head)}, format.count(data.head)),
      '. Lag is the number of events between a processor and the head.'),
    rows.length
      ? keyedTable('processors', 'Event processors',
        ['Processor', 'Kind', 'Position', 'Lag', 'Segments (owner, position)', 'Rebuilding', 'Dead letters'], rows,
        {class: 'processors-table stack'})
      : state('empty', 'No event processors are running.'),
  ];
}

export function render(view) {
  let alive = true;
  let sequence = 0;
  let timer = null;
  let replay = null;
  const announced = new Map();

  const message = h('div', {class: 'status-line', tabindex: '-1'});
  // Rebuild states as they change, for screen readers; the bar itself is not read out every two seconds.
  const announcer = h('p', {class: 'visually-hidden', 'aria-live': 'polite'});

  const rebuildAll = h('button', {type: 'button', id: 'rebuild-all', 'data-key': 'rebuild-all',
    onclick: () => confirmRebuild(null)}, 'Rebuild all');
  const rebuildsHeading = h('h2', {id: 'rebuilds-title', tabindex: '-1'}, 'Rebuilds');
  const readModels = h('div', {class: 'read-models'}, state('loading', 'Loading the read models…'));
  const progress = h('div', {class: 'rebuild-current'});
  const history = h('div', {class: 'rebuild-history'});
  const rebuildsPanel = h('section', {class: 'panel', 'aria-labelledby': 'rebuilds-title', 'data-section': 'rebuilds'},
    h('div', {class: 'panel-head'}, rebuildsHeading, rebuildAll),
    h('p', {class: 'note'}, 'A rebuild fills new tables from every stored event while the current ones keep serving,'
      + ' then swaps them in, in one transaction. Each request is recorded in the audit log.'),
    readModels, progress, h('h3', null, 'History'), history);

  const processorsHeading = h('h2', {id: 'processors-title', tabindex: '-1'}, 'Processors');
  const processorsBody = h('div', null, state('loading', 'Loading the processors…'));
  const processorsPanel = h('section', {class: 'panel', 'aria-labelledby': 'processors-title',
    'data-section': 'processors'}, processorsHeading, processorsBody);

  const retryAll = h('button', {type: 'button', id: 'retry-all', 'data-key': 'retry-all', disabled: true,
    onclick: event => retry(null, event.currentTarget)}, 'Retry all');
  const lettersHeading = h('h2', {id: 'dead-letters-title', tabindex: '-1'}, 'Dead letters');
  const lettersBody = h('div', null, state('loading', 'Loading the dead letters…'));
  const lettersPanel = h('section', {class: 'panel', 'aria-labelledby': 'dead-letters-title',
    'data-section': 'dead-letters'},
    h('div', {class: 'panel-head'}, lettersHeading, retryAll),
    h('p', {class: 'note'}, 'An event a projection cannot handle is parked, with the events of its aggregate after it,'
      + ' and the projection goes on. Once the cause is fixed, retry them.'),
    lettersBody);

  function say(kind, text) {
    replace(message, state(kind, text));
  }

  function schedule() {
    clearTimeout(timer);
    if (!alive) return;
    const fast = replay && (replay.rebuilds.some(running) || replay.projections.some(m => RUNNING.includes(m.state)));
    timer = setTimeout(refresh, fast ? FAST_POLL_MS : SLOW_POLL_MS);
  }

  function announce(rebuilds) {
    for (const rebuild of rebuilds) {
      const before = announced.get(rebuild.id);
      if (before !== undefined && before !== rebuild.state) {
        announcer.textContent = `Rebuild ${rebuild.id} is ${rebuild.state}.`;
      }
      announced.set(rebuild.id, rebuild.state);
    }
  }

  function showReplay(data) {
    replay = data;
    announce(data.rebuilds);
    const anyRunning = data.projections.some(m => RUNNING.includes(m.state));
    rebuildAll.disabled = anyRunning;
    const rows = data.projections.map(model => {
      const busy = RUNNING.includes(model.state);
      return h('tr', {'data-read-model': model.name},
        h('td', {class: 'text', 'data-field': 'name'}, model.name),
        h('td', {'data-field': 'state'}, badge(model.state),
          model.rebuildId !== null && model.rebuildId !== undefined && model.state !== 'idle'
            ? h('span', {class: 'note'}, ` rebuild ${model.rebuildId}`) : null),
        h('td', {class: 'actions-cell'}, h('button', {type: 'button', class: 'button-quiet', 'data-action': 'rebuild',
          'data-read-model': model.name, 'data-key': `rebuild-${model.name}`, disabled: busy,
          'aria-label': `Rebuild ${model.name}`, onclick: () => confirmRebuild(model.name)}, 'Rebuild')));
    });
    swap(readModels, rebuildsHeading, rows.length
      ? keyedTable('read-models', 'Read models', ['Read model', 'State', 'Action'], rows, {class: 'read-models-table'})
      : state('empty', 'There are no read models to rebuild.'));

    const current = data.rebuilds.filter(running);
    const shown = current.length ? current : data.rebuilds.slice(0, 1);
    replace(progress, shown.length
      ? [h('h3', null, current.length ? 'Running now' : 'Most recent rebuild'), shown.map(progressBlock)]
      : null);
    swap(history, rebuildsHeading, data.rebuilds.length
      ? historyTable(data.rebuilds)
      : state('empty', 'No rebuilds yet. The read models were built live, as the events arrived.'));
  }

  function showLetters(data) {
    const groups = data.processingGroups;
    const parked = groups.reduce((sum, group) => sum + group.parked, 0);
    retryAll.disabled = parked === 0;
    const withLetters = groups.filter(group => group.parked > 0);
    const clean = groups.filter(group => group.parked === 0).map(group => group.processingGroup);
    const blocks = withLetters.map(group => {
      const rows = group.items.map(item => h('tr', {'data-event-id': item.eventId},
        h('td', {class: 'text', 'data-field': 'eventType'}, item.eventType),
        h('td', {class: 'text id', 'data-field': 'eventId'}, item.eventId),
        h('td', {class: 'text id', 'data-field': 'sequence'}, item.sequenceIdentifier ?? format.DASH),
        h('td', {'data-field': 'enqueuedAt'}, format.when(item.enqueuedAt)),
        h('td', {class: 'num', 'data-field': 'retries'}, format.count(item.retries)),
        h('td', {class: 'text cause', 'data-field': 'cause'}, item.causeMessage
          ?? (item.causeType ?? 'Waiting behind an earlier event of its sequence'))));
      return h('section', {class: 'dead-letter-group', 'data-processing-group': group.processingGroup},
        h('div', {class: 'panel-head'},
          h('h3', null, `${group.processingGroup}: ${format.count(group.parked)} parked `
            + `${group.parked === 1 ? 'event' : 'events'} in ${format.count(group.sequences)} `
            + `${group.sequences === 1 ? 'sequence' : 'sequences'}`),
          h('button', {type: 'button', class: 'button-quiet', 'data-action': 'retry',
            'data-processing-group': group.processingGroup, 'data-key': `retry-${group.processingGroup}`,
            'aria-label': `Retry the dead letters of ${group.processingGroup}`,
            onclick: event => retry(group.processingGroup, event.currentTarget)}, 'Retry')),
        keyedTable(`letters-${group.processingGroup}`, `Parked events of ${group.processingGroup}`,
          ['Event type', 'Event id', 'Sequence', 'Parked at', 'Retries', 'Cause'], rows,
          {class: 'dead-letters-table stack'}),
        group.items.length < group.parked
          ? h('p', {class: 'note'}, `Showing the first ${format.count(group.items.length)} of ${format.count(group.parked)}.`)
          : null);
    });
    swap(lettersBody, lettersHeading,
      withLetters.length ? blocks : state('empty', 'No events are parked: every projection has handled every event.'),
      withLetters.length && clean.length ? h('p', {class: 'note'}, `Nothing parked in ${clean.join(', ')}.`) : null);
  }

  function failed(container, heading, what, error) {
    swap(container, heading, state('error', `${what} could not be loaded: ${error.message}`),
      h('button', {type: 'button', 'data-key': `retry-load-${heading.id}`, onclick: refresh}, 'Try again'));
  }

  async function refresh() {
    clearTimeout(timer);
    const mine = ++sequence;
    const [replayResult, processorsResult, lettersResult] = await Promise.allSettled(
      [api.replayStatus(), api.processors(), api.deadLetters()]);
    if (!alive || mine !== sequence) return;
    const results = [replayResult, processorsResult, lettersResult];
    if (results.some(r => r.status === 'rejected' && r.reason.status === 401)) return;
    if (replayResult.status === 'fulfilled') showReplay(replayResult.value);
    else failed(readModels, rebuildsHeading, 'The rebuilds', replayResult.reason);
    if (processorsResult.status === 'fulfilled') swap(processorsBody, processorsHeading, processorsContent(processorsResult.value));
    else failed(processorsBody, processorsHeading, 'The processors', processorsResult.reason);
    if (lettersResult.status === 'fulfilled') showLetters(lettersResult.value);
    else failed(lettersBody, lettersHeading, 'The dead letters', lettersResult.reason);
    schedule();
  }

  /** Shows a rebuild the service has just accepted, before the next poll: its read models are now rebuilding. */
  function accepted(rebuild) {
    if (!replay) return;
    showReplay({
      projections: replay.projections.map(model => rebuild.projections.includes(model.name)
        ? {...model, state: rebuild.state, rebuildId: rebuild.id} : model),
      rebuilds: [rebuild, ...replay.rebuilds.filter(other => other.id !== rebuild.id)],
    });
  }

  function confirmRebuild(name) {
    const names = name ? [name] : (replay ? replay.projections.map(model => model.name) : []);
    let focusAfter = null;
    const opener = () => {
      const button = name ? readModels.querySelector(`button[data-read-model="${CSS.escape(name)}"]`) : rebuildAll;
      return button && !button.disabled ? button : message;
    };
    openDialog(name ? `Rebuild ${name}?` : 'Rebuild every read model?', close => {
      const confirm = h('button', {type: 'submit', id: 'confirm-rebuild', autofocus: true},
        name ? `Rebuild ${name}` : 'Rebuild all');
      const error = h('p', {class: 'form-message form-message-error', role: 'alert'});
      const form = h('form', null,
        h('p', null, `${name ? `The read model ${name} is` : `The read models ${readModelsText(names)} are`} rebuilt`
          + ' from every event in the store. The current tables keep serving until the rebuilt ones are swapped in.'),
        error, actions(close, confirm));
      form.addEventListener('submit', async event => {
        event.preventDefault();
        confirm.disabled = true;
        error.textContent = '';
        try {
          const rebuild = await api.requestRebuild(name);
          if (!alive) return;
          say('status', `Rebuild ${rebuild.id} of ${readModelsText(rebuild.projections)} started.`);
          accepted(rebuild);
          focusAfter = message;
          close();
          refresh();
        } catch (e) {
          confirm.disabled = false;
          if (e.status === 401) return;
          // 409: a rebuild of one of these read models runs already; the page catches up with it.
          error.textContent = e.message;
          if (e.status === 409) refresh();
        }
      });
      return form;
    }, () => focusAfter || opener());
  }

  async function retry(group, button) {
    button.disabled = true;
    say('loading', group ? `Retrying the dead letters of ${group}…` : 'Retrying every dead letter…');
    try {
      const result = await api.retryDeadLetters(group);
      if (!alive) return;
      say('status', `Retried ${format.count(result.sequencesRetried)} `
        + `${result.sequencesRetried === 1 ? 'sequence' : 'sequences'}${group ? ` of ${group}` : ''}: `
        + `${format.count(result.sequencesProcessed)} processed, ${format.count(result.eventsStillParked)} `
        + `${result.eventsStillParked === 1 ? 'event' : 'events'} still parked.`);
    } catch (e) {
      if (!alive || e.status === 401) return;
      say('error', `The retry failed: ${e.message}`);
    }
    message.focus();
    await refresh();
  }

  replace(view, message, announcer, rebuildsPanel, processorsPanel, lettersPanel);
  refresh();
  return () => {
    alive = false;
    sequence++;
    clearTimeout(timer);
  };
}
