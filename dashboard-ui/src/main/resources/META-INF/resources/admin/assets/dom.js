// Building the page with DOM APIs only. Text always goes in as text nodes, so nothing a user stored (a prompt, a
// path, an email, an error) can ever become markup. There is no innerHTML anywhere in the dashboard.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.setAttribute('class', value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked' || name === 'selected') node[name] = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends children: nodes as they are, anything else as a text node. */
export function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: h('td', {class: 'num'}, 'text'). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Replaces a node's children. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

let ids = 0;
/** A unique id for label/input pairs. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field; returns [wrapper, control]. */
export function field(label, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  const wrapper = h('div', {class: 'field'}, h('label', {for: id}, label), control);
  if (hint) {
    const hintId = uid('hint');
    wrapper.append(h('span', {class: 'hint', id: hintId}, hint));
    control.setAttribute('aria-describedby', hintId);
  }
  return [wrapper, control];
}

/** A loading, empty or error message, announced to screen readers. */
export function state(kind, text) {
  return h('p', {class: `state state-${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text);
}

/**
 * A table in a scrolling container, so that a wide table never widens the page on a phone. Each cell gets its
 * column's name in data-label, which a table of class "stack" shows beside the value on narrow screens.
 */
export function table(caption, headers, rows, attrs = {}) {
  for (const row of rows) {
    [...row.children].forEach((cell, i) => {
      if (headers[i]) cell.dataset.label = headers[i];
    });
  }
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption},
    h('table', attrs,
      h('caption', {class: 'visually-hidden'}, caption),
      h('thead', null, h('tr', null, headers.map(text => h('th', {scope: 'col'}, text)))),
      h('tbody', null, rows)));
}
