/* Page-view tracking. Sets no cookies. Embed as:
   <script defer src="https://HOST/tracking.js" data-site="NAME" [data-respect-dnt]></script> */
(function () {
  var me = document.currentScript;
  if (!me) return;
  var site = me.getAttribute('data-site');
  var endpoint = new URL('/track/pageview', me.src).href;
  var n = navigator, w = window;
  if (me.hasAttribute('data-respect-dnt') && (n.doNotTrack == '1' || w.doNotTrack == '1' || n.msDoNotTrack == '1')) return;
  var last = null, first = true;

  function id() {
    if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function send() {
    var page = location.pathname + location.search;
    if (page === last) return;
    last = page;
    var body = JSON.stringify({
      site: site, url: location.href, referrer: first ? document.referrer || null : null,
      title: document.title, screenWidth: screen.width, eventId: id()
    });
    first = false;
    // text/plain and no credentials: a "simple" request, so no CORS preflight.
    if (w.fetch) {
      fetch(endpoint, {method: 'POST', body: body, headers: {'Content-Type': 'text/plain'},
        credentials: 'omit', keepalive: true}).catch(function () {});
    } else if (n.sendBeacon) {
      n.sendBeacon(endpoint, body);
    }
  }

  // SPA navigations: the new title is usually set just after the URL changes.
  function later() { setTimeout(send, 0); }
  ['pushState', 'replaceState'].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      later();
      return result;
    };
  });
  w.addEventListener('popstate', later);
  send();
})();
