/*
 * Passkeys in the browser, for the passkey create page and for a host's passkey sign-in.
 * No inline script is needed (strict CSP): the page carries the server's options as data and
 * this file does the rest. Without JavaScript, or where the browser cannot create a passkey,
 * the page's own text and its other choices stay in place.
 *
 * Markup it looks for (everything inside one element with `data-passkey`):
 *
 *   <div data-passkey="create">                 ("sign-in" for navigator.credentials.get)
 *     <script type="application/json" id="passkey-options">{"publicKey": ...}</script>
 *       (or a `data-passkey-options` attribute on the same element, HTML-escaped)
 *     <p data-passkey-unsupported hidden>This browser can't create a passkey here. ...</p>
 *     <div data-passkey-error role="alert" hidden></div>
 *     <form method="post" action=".../next">    (the step form: CSRF and step fields)
 *       ...hidden fields...
 *       <button type="button" data-passkey-start hidden>Create a passkey</button>
 *     </form>
 *   </div>
 *
 * - The start button is revealed once the browser is known to support WebAuthn. A click
 *   calls navigator.credentials.create (or .get) with the options, the binary fields turned
 *   from base64url into bytes, and posts the result as JSON in a hidden `code` field of the
 *   form (the field is added if the form has none; `data-passkey-field` names another).
 * - A cancelled or timed-out dialog (NotAllowedError), or any other failure, shows a message
 *   in the error element and turns the button into "Try again"; nothing is posted.
 * - Without PublicKeyCredential the unsupported element is shown and the button stays hidden.
 *   When isUserVerifyingPlatformAuthenticatorAvailable() is false (no built-in authenticator
 *   with a screen lock), the unsupported element is shown too, but the button stays: a phone
 *   or a security key can still be used.
 */
(function () {
  'use strict';

  var MESSAGES = {
    create: {
      cancelled: 'The passkey wasn\u2019t created. You can try again, or choose another way.',
      exists: 'This device already has a passkey for your account. You can use it to sign in, or try another device.',
      security: 'This page can\u2019t create a passkey. Open the sign-in page at its usual address and try again.',
      failed: 'Something went wrong and the passkey wasn\u2019t created. You can try again.',
      busy: 'Follow the steps your browser shows\u2026'
    },
    'sign-in': {
      cancelled: 'You weren\u2019t signed in with a passkey. You can try again, or sign in another way.',
      exists: 'Something went wrong. You can try again.',
      security: 'This page can\u2019t use a passkey. Open the sign-in page at its usual address and try again.',
      failed: 'Something went wrong and you weren\u2019t signed in. You can try again.',
      busy: 'Follow the steps your browser shows\u2026'
    }
  };

  function toBytes(base64url) {
    var base64 = String(base64url).replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4 !== 0) {
      base64 += '=';
    }
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    if (!buffer) {
      return null;
    }
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // The server omits absent fields, but a null would make the browser throw: drop any.
  function withoutNulls(value) {
    if (Array.isArray(value)) {
      return value.map(withoutNulls);
    }
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).forEach(function (key) {
        if (value[key] !== null && value[key] !== undefined) {
          out[key] = withoutNulls(value[key]);
        }
      });
      return out;
    }
    return value;
  }

  function credentialList(list) {
    return (list || []).map(function (c) {
      var copy = {};
      Object.keys(c).forEach(function (key) {
        copy[key] = key === 'id' ? toBytes(c.id) : c[key];
      });
      return copy;
    });
  }

  function creationOptions(options) {
    var pk = withoutNulls(options.publicKey);
    pk.challenge = toBytes(pk.challenge);
    pk.user.id = toBytes(pk.user.id);
    if (pk.excludeCredentials) {
      pk.excludeCredentials = credentialList(pk.excludeCredentials);
    }
    return { publicKey: pk };
  }

  function requestOptions(options) {
    var pk = withoutNulls(options.publicKey);
    pk.challenge = toBytes(pk.challenge);
    if (pk.allowCredentials) {
      pk.allowCredentials = credentialList(pk.allowCredentials);
    }
    var request = { publicKey: pk };
    if (options.mediation) {
      request.mediation = options.mediation;
    }
    return request;
  }

  function extensionResults(credential) {
    try {
      return withoutNulls(credential.getClientExtensionResults() || {});
    } catch (e) {
      return {};
    }
  }

  // The JSON webauthn-rs reads (RegisterPublicKeyCredential / PublicKeyCredential).
  function createdJson(credential) {
    var response = credential.response;
    var transports = [];
    if (typeof response.getTransports === 'function') {
      try {
        transports = response.getTransports() || [];
      } catch (e) {
        transports = [];
      }
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        attestationObject: toBase64url(response.attestationObject),
        clientDataJSON: toBase64url(response.clientDataJSON),
        transports: transports
      },
      extensions: extensionResults(credential)
    });
  }

  function assertionJson(credential) {
    var response = credential.response;
    var body = {
      authenticatorData: toBase64url(response.authenticatorData),
      clientDataJSON: toBase64url(response.clientDataJSON),
      signature: toBase64url(response.signature)
    };
    if (response.userHandle && response.userHandle.byteLength > 0) {
      body.userHandle = toBase64url(response.userHandle);
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: body,
      extensions: extensionResults(credential)
    });
  }

  function readOptions(root) {
    var text = root.getAttribute('data-passkey-options');
    if (!text) {
      var el = document.getElementById('passkey-options');
      text = el ? el.textContent : '';
    }
    try {
      var options = JSON.parse(text);
      return options && options.publicKey ? options : null;
    } catch (e) {
      return null;
    }
  }

  function reveal(el) {
    if (el) {
      el.hidden = false;
    }
  }

  function setUp(root) {
    var mode = root.getAttribute('data-passkey') === 'sign-in' ? 'sign-in' : 'create';
    // A page in another language than English carries its texts as data-text-* attributes.
    var defaults = MESSAGES[mode];
    var messages = {};
    Object.keys(defaults).forEach(function (key) {
      messages[key] = root.getAttribute('data-text-' + key) || defaults[key];
    });
    var tryAgain = root.getAttribute('data-text-try-again') || 'Try again';
    var button = root.querySelector('[data-passkey-start]');
    var errorEl = root.querySelector('[data-passkey-error]');
    var unsupported = root.querySelector('[data-passkey-unsupported]');
    var form = button ? button.form || root.querySelector('form') : root.querySelector('form');
    var options = readOptions(root);

    if (!button || !form || !options) {
      return;
    }
    if (!window.PublicKeyCredential || !navigator.credentials) {
      reveal(unsupported);
      return;
    }

    var startLabel = button.textContent;
    var busy = false;

    function showError(text) {
      if (errorEl) {
        errorEl.textContent = text;
        errorEl.hidden = false;
      }
    }

    function failed(error) {
      busy = false;
      button.disabled = false;
      button.textContent = tryAgain;
      var name = error && error.name;
      if (name === 'NotAllowedError' || name === 'AbortError') {
        showError(messages.cancelled);
      } else if (name === 'InvalidStateError') {
        showError(messages.exists);
      } else if (name === 'SecurityError') {
        showError(messages.security);
      } else {
        showError(messages.failed);
      }
    }

    function post(json) {
      var fieldName = root.getAttribute('data-passkey-field') || 'code';
      var field = form.querySelector('input[name="' + fieldName + '"]');
      if (!field) {
        field = document.createElement('input');
        field.type = 'hidden';
        field.name = fieldName;
        form.appendChild(field);
      }
      field.value = json;
      // submit() skips the form's submit handlers and does not press the button again.
      form.submit();
    }

    button.addEventListener('click', function (event) {
      event.preventDefault();
      if (busy) {
        return;
      }
      busy = true;
      button.disabled = true;
      if (errorEl) {
        errorEl.hidden = true;
      }
      var call;
      try {
        call = mode === 'create'
          ? navigator.credentials.create(creationOptions(options)).then(createdJson)
          : navigator.credentials.get(requestOptions(options)).then(assertionJson);
      } catch (error) {
        failed(error);
        return;
      }
      call.then(function (json) {
        button.textContent = messages.busy;
        post(json);
      }, failed);
    });

    button.textContent = startLabel;
    button.hidden = false;

    if (mode === 'create' &&
        typeof window.PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable === 'function') {
      window.PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().then(function (available) {
        if (!available) {
          reveal(unsupported);
        }
      }, function () {
        reveal(unsupported);
      });
    }
  }

  function init() {
    var roots = document.querySelectorAll('[data-passkey]');
    for (var i = 0; i < roots.length; i += 1) {
      setUp(roots[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
