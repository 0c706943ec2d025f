// The admin API, same origin. The admin_session cookie is HttpOnly and goes along by itself; the CSRF token for
// state-changing requests comes from POST /admin/login or, after a reload, GET /admin/session.

let csrfToken = null;
let onSignedOut = () => {};

/** A refused request: the service's {error, message, field} and, for 429, the seconds to wait. */
export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.message) || `The service answered ${status}`);
    this.status = status;
    this.code = body && body.error;
    this.field = body && body.field;
    this.retryAfter = retryAfter;
  }
}

/** Called when a request finds the session gone (expired, or signed out elsewhere). */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

async function request(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, {message: 'The service cannot be reached. Check the connection and try again.'});
  }
  if (response.status === 204) return null;
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After') || (json && json.retryAfter)) || null;
    const error = new ApiError(response.status, json, retryAfter);
    if (response.status === 401 && path !== '/admin/login' && path !== '/admin/session') {
      csrfToken = null;
      onSignedOut(error);
    }
    throw error;
  }
  return json;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The current session, or null when not signed in. */
export async function currentSession() {
  try {
    const session = await request('GET', '/admin/session');
    csrfToken = session.csrfToken;
    return session;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export async function login(password) {
  const session = await request('POST', '/admin/login', {password});
  csrfToken = session.csrfToken;
  return session;
}

export async function logout() {
  try {
    await request('POST', '/admin/logout');
  } finally {
    csrfToken = null;
  }
}

export const stats = params => request('GET', `/admin/stats${query(params)}`);
export const users = params => request('GET', `/admin/users${query(params)}`);
export const cadEvents = params => request('GET', `/admin/cad-events${query(params)}`);
export const logs = params => request('GET', `/admin/logs${query(params)}`);

export const resetCount = (userId, reason) => request('POST', '/admin/reset-user-count', {userId, reason: reason || null});
export const changeLimit = (userId, modelLimit) =>
  request('POST', `/admin/users/${encodeURIComponent(userId)}/limit`, {modelLimit});
export const issueClaimCode = userId => request('POST', `/admin/users/${encodeURIComponent(userId)}/claim-code`);

export const replayStatus = () => request('GET', '/admin/replay');
/** Rebuilds one read model, or all of them when none is named. */
export const requestRebuild = projection => request('POST', '/admin/replay', projection ? {projection} : {});
export const processors = () => request('GET', '/admin/processors');
export const deadLetters = params => request('GET', `/admin/dead-letters${query(params || {})}`);
/** Retries the parked events of one processing group, or of all when none is named. */
export const retryDeadLetters = processingGroup =>
  request('POST', '/admin/dead-letters/retry', processingGroup ? {processingGroup} : {});
