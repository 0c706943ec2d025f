// The dashboard: a login form until signed in, then five sections behind hash routes (/admin#users).

import * as api from './api.js';
import {h, replace, state} from './dom.js';
import {renderLogin} from './views/login.js';
import * as overview from './views/overview.js';
import * as users from './views/users.js';
import * as generations from './views/generations.js';
import * as audit from './views/audit.js';
import * as operations from './views/operations.js';

const ROUTES = {overview, users, generations, audit, operations};
const DEFAULT_ROUTE = 'overview';

const root = document.getElementById('app');
let cleanup = null;
let shell = null;

function routeName() {
  const name = location.hash.replace(/^#/, '');
  return Object.hasOwn(ROUTES, name) ? name : DEFAULT_ROUTE;
}

function stopView() {
  if (cleanup) cleanup();
  cleanup = null;
}

function showLogin(message) {
  stopView();
  shell = null;
  document.title = 'Sign in · Analytics';
  renderLogin(root, message, () => showShell(true));
}

function showShell(focus) {
  const nav = h('ul', {class: 'nav-links'}, Object.entries(ROUTES).map(([name, view]) =>
    h('li', null, h('a', {href: `#${name}`, 'data-route': name}, view.title))));
  const signOut = h('button', {type: 'button', class: 'button-quiet', id: 'sign-out'}, 'Sign out');
  const main = h('main', {id: 'main'});
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    try {
      await api.logout();
      showLogin({kind: 'status', text: 'You are signed out.'});
    } catch (e) {
      signOut.disabled = false;
      main.prepend(state('error', `Signing out failed: ${e.message}`));
    }
  });
  shell = {main, nav};
  replace(root,
    h('header', {class: 'top'},
      h('a', {class: 'brand', href: '#overview'}, 'Analytics'),
      h('nav', {'aria-label': 'Sections'}, nav),
      signOut),
    main);
  renderRoute(focus);
}

function renderRoute(focus) {
  if (!shell) return;
  stopView();
  const name = routeName();
  const view = ROUTES[name];
  for (const link of shell.nav.querySelectorAll('a')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${view.title} · Analytics`;
  const heading = h('h1', {tabindex: '-1'}, view.title);
  const body = h('div', {class: 'view', 'data-view': name});
  replace(shell.main, heading, body);
  cleanup = view.render(body) || null;
  // Moving focus to the new heading tells keyboard and screen-reader users the section changed.
  if (focus) heading.focus();
}

api.whenSignedOut(() => showLogin({kind: 'error', text: 'Your session has ended. Sign in again.'}));
window.addEventListener('hashchange', () => renderRoute(true));

async function start() {
  try {
    const session = await api.currentSession();
    if (session) showShell(false);
    else showLogin();
  } catch (e) {
    replace(root, state('error', `The dashboard could not reach the service: ${e.message}`),
      h('button', {type: 'button', onclick: start}, 'Try again'));
  }
}

start();
