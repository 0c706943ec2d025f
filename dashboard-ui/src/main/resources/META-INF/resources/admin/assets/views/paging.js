// Previous/next paging for the lists that answer {items, page, size, total}.

import {h} from '../dom.js';
import * as format from '../format.js';

export function pager(data, noun, go) {
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  return h('nav', {class: 'pager', 'aria-label': `Pages of ${noun}`},
    h('button', {type: 'button', disabled: data.page <= 0, onclick: () => go(data.page - 1)}, 'Previous'),
    h('span', {class: 'pager-text'}, `Page ${data.page + 1} of ${pages} · ${format.count(data.total)} ${noun}`),
    h('button', {type: 'button', disabled: data.page + 1 >= pages, onclick: () => go(data.page + 1)}, 'Next'));
}
