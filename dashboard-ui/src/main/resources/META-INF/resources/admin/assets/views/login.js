// The sign-in form: a clear message for a wrong password, and when to retry after too many attempts (429).

import * as api from '../api.js';
import {field, h, replace} from '../dom.js';

const clock = new Intl.DateTimeFormat(undefined, {timeStyle: 'medium'});

export function renderLogin(root, message, onSignedIn) {
  const [passwordField, password] = field('Admin password',
    h('input', {type: 'password', name: 'password', autocomplete: 'current-password', required: true,
      id: 'password'}));
  const submit = h('button', {type: 'submit', id: 'sign-in'}, 'Sign in');
  const feedback = h('p', {class: 'form-message', id: 'login-message', role: 'alert'});
  const form = h('form', {class: 'login-form', novalidate: true},
    h('h1', null, 'Analytics admin'),
    // For password managers: the admin has no user name, but a password form without one is not recognised.
    h('input', {type: 'text', name: 'username', autocomplete: 'username', value: 'admin', hidden: true}),
    passwordField, feedback, submit);
  let countdown = null;

  function say(kind, text) {
    feedback.className = `form-message form-message-${kind}`;
    feedback.textContent = text;
  }

  function lockOut(seconds) {
    const until = Date.now() + seconds * 1000;
    submit.disabled = true;
    const tick = () => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(countdown);
        countdown = null;
        submit.disabled = false;
        say('status', 'You can try again now.');
        return;
      }
      say('error', `Too many sign-in attempts. Try again in ${left} s (at ${clock.format(new Date(until))}).`);
    };
    tick();
    countdown = setInterval(tick, 1000);
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!password.value) {
      say('error', 'Enter the admin password.');
      password.focus();
      return;
    }
    submit.disabled = true;
    say('status', 'Signing in…');
    try {
      await api.login(password.value);
      if (countdown) clearInterval(countdown);
      onSignedIn();
    } catch (e) {
      submit.disabled = false;
      if (e.status === 401) {
        say('error', 'Wrong password. Check it and try again.');
        password.select();
      } else if (e.status === 429) {
        lockOut(e.retryAfter || 60);
      } else {
        say('error', `Signing in failed: ${e.message}`);
      }
    }
  });

  replace(root, h('main', {class: 'login', id: 'main'}, form));
  if (message) say(message.kind, message.text);
  password.focus();
}
