// A modal dialog (the native <dialog>): focus moves into it, Escape closes it, and focus returns afterwards.

import {h} from '../dom.js';

export function openDialog(titleText, build, returnFocusTo) {
  const heading = h('h2', {id: `dialog-title-${Date.now()}`}, titleText);
  const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': heading.id});
  const close = () => dialog.close();
  dialog.append(heading, ...[build(close)].flat());
  dialog.addEventListener('close', () => {
    dialog.remove();
    const target = typeof returnFocusTo === 'function' ? returnFocusTo() : returnFocusTo;
    if (target && target.isConnected) target.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** A dialog's buttons row: Cancel, then the action. */
export function actions(close, ...buttons) {
  return h('div', {class: 'dialog-actions'},
    h('button', {type: 'button', class: 'button-quiet', onclick: close}, 'Cancel'), buttons);
}
