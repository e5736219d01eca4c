/*
 * Progressive enhancement for every flow page: a page restored from the back/forward cache is
 * fetched again (the flow's URL, with a GET). On the scan page (scan.html) and the "Let's try it
 * out" page (test.html) it polls the status: the scan page is shown again when a device
 * connects, the test page moves on as soon as the notification is answered.
 * It also counts down the time left and adds copy buttons. Without JavaScript nothing reloads
 * by itself: "I've scanned it" and "Next" ask the server.
 */
(function () {
  'use strict';

  // The flow's own URL (where every step is shown), from this script's: `{prefix}/assets/...`.
  // Pages move there with location.replace, never reload(): a page reached by a POST would be
  // posted again.
  var FLOW_URL = (function () {
    var script = document.currentScript;
    var path = script && script.src ? new URL(script.src, window.location.href).pathname : '';
    var at = path.lastIndexOf('/assets/');
    return at > 0 ? path.slice(0, at) : window.location.pathname;
  })();

  function showFlow() {
    window.location.replace(FLOW_URL);
  }

  var INTERVAL_MS = 2000;
  var MAX_FAILURES = 5;

  // What the status line says once the notification is answered. While it is pending the
  // page's own text stays (it may say "Still waiting ...").
  // A page in another language than English carries its texts on <body> (data-text-*).
  function text(name, fallback) {
    var body = document.body;
    return (body && body.getAttribute('data-text-' + name)) || fallback;
  }

  var MESSAGES = {
    pending: null,
    approved: text('approved', 'Approved'),
    denied: text('denied', 'Denied'),
    expired: text('expired', 'Expired')
  };

  function findNextForm() {
    var forms = document.querySelectorAll('form');
    for (var i = 0; i < forms.length; i += 1) {
      var action = forms[i].getAttribute('action') || '';
      if (/\/next$/.test(action)) {
        return forms[i];
      }
    }
    return null;
  }

  // Copies `text`: the Clipboard API where the page may use it, else the old selection
  // command on the element itself. Resolves to whether it worked.
  function copyText(text, element) {
    function bySelection() {
      var range = document.createRange();
      range.selectNodeContents(element);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var copied = false;
      try {
        copied = document.execCommand('copy');
      } catch (e) {
        copied = false;
      }
      return copied;
    }
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
      return navigator.clipboard.writeText(text).then(function () {
        return true;
      }, bySelection);
    }
    return Promise.resolve(bySelection());
  }

  // A "Copy" button after every element with data-copy-text (the secret key, setup links).
  // Without script the text stays selectable, so nothing depends on the button.
  function addCopyButtons() {
    var sources = document.querySelectorAll('[data-copy-text]');
    for (var i = 0; i < sources.length; i += 1) {
      (function (source) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'copy';
        button.textContent = text('copy', 'Copy');
        button.setAttribute('aria-label', source.getAttribute('data-copy-label') || text('copy', 'Copy'));
        var note = document.createElement('span');
        note.className = 'copy-note';
        note.setAttribute('role', 'status');
        button.addEventListener('click', function () {
          copyText(source.getAttribute('data-copy-text') || '', source).then(function (copied) {
            note.textContent = copied
              ? text('copied', 'Copied')
              : text('copy-by-hand', 'Selected: press Ctrl+C or \u2318C to copy');
          });
        });
        source.parentNode.insertBefore(note, source.nextSibling);
        source.parentNode.insertBefore(button, source.nextSibling);
      }(sources[i]));
    }
  }

  function formatSeconds(seconds) {
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ':' + (rest < 10 ? '0' : '') + rest;
  }

  // Counts down every [data-countdown] (seconds left when the page was made) once a second.
  function startCountdowns() {
    var clocks = document.querySelectorAll('[data-countdown]');
    if (!clocks.length) {
      return;
    }
    var started = Date.now();
    function tick() {
      var elapsed = Math.floor((Date.now() - started) / 1000);
      var running = false;
      for (var i = 0; i < clocks.length; i += 1) {
        var total = parseInt(clocks[i].getAttribute('data-countdown'), 10) || 0;
        var left = Math.max(0, total - elapsed);
        clocks[i].textContent = formatSeconds(left);
        running = running || left > 0;
      }
      if (running) {
        window.setTimeout(tick, 1000);
      }
    }
    window.setTimeout(tick, 1000);
  }

  function init() {
    startCountdowns();
    addCopyButtons();
    var root = document.querySelector('[data-status-url]');
    if (!root || typeof window.fetch !== 'function') {
      return;
    }

    var url = root.getAttribute('data-status-url');
    if (!url) {
      return;
    }

    var statusEl = document.getElementById('status');
    var failures = 0;
    var timer = null;
    var done = false;

    function setStatus(text) {
      // Only touch the live region when the text changes, so screen
      // readers do not repeat the same announcement every poll.
      if (statusEl && statusEl.textContent !== text) {
        statusEl.textContent = text;
      }
    }

    function finish() {
      done = true;
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
      var form = findNextForm();
      if (form) {
        if (typeof form.requestSubmit === 'function') {
          form.requestSubmit();
        } else {
          form.submit();
        }
      }
    }

    function schedule() {
      if (!done) {
        timer = window.setTimeout(poll, INTERVAL_MS);
      }
    }

    function onFailure() {
      failures += 1;
      // Give up quietly after repeated errors; the Next button still works.
      if (failures < MAX_FAILURES) {
        schedule();
      }
    }

    function poll() {
      timer = null;
      if (done) {
        return;
      }
      window.fetch(url, {
        credentials: 'same-origin',
        headers: { 'Accept': 'application/json' },
        cache: 'no-store'
      }).then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      }).then(function (data) {
        failures = 0;
        var state = data && typeof data.state === 'string' ? data.state : '';
        if (state === 'connected') {
          // The scan page: a device answered the QR code; show its name and fingerprint.
          done = true;
          showFlow();
          return;
        }
        if (!Object.prototype.hasOwnProperty.call(MESSAGES, state)) {
          schedule();
          return;
        }
        if (MESSAGES[state] !== null) {
          setStatus(MESSAGES[state]);
        }
        if (state === 'pending') {
          schedule();
        } else if (state === 'approved') {
          finish();
        } else {
          // Denied or expired: show the page's explanation; the user chooses Next to retry.
          done = true;
          showFlow();
        }
      }).catch(onFailure);
    }

    var nextForm = findNextForm();
    if (nextForm) {
      // A manual "Next" press takes over; stop polling.
      nextForm.addEventListener('submit', function () {
        done = true;
        if (timer !== null) {
          window.clearTimeout(timer);
          timer = null;
        }
      });
    }

    schedule();
  }

  // A flow page restored from the back/forward cache may show a step the flow has left (or a
  // flow that was skipped or finished): ask the server again, which answers with what happened.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      showFlow();
    }
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
