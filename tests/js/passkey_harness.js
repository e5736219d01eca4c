// Runs assets/passkey.js in Node against a stub page and a small software authenticator
// (WebCrypto P-256, attestation format "none"), and prints what the page would post.
// Driven by the passkey method's tests (src/enroll/passkey/tests.rs), which check the
// posted JSON with webauthn-rs.
//
//   node passkey_harness.js create  OPTIONS_FILE ORIGIN KEY_FILE  -> {"posted": code} (saves the key)
//   node passkey_harness.js sign-in OPTIONS_FILE ORIGIN KEY_FILE  -> {"posted": code}
//   node passkey_harness.js cancel  OPTIONS_FILE ORIGIN           -> {"error": ..., "button": ...}
//   node passkey_harness.js no-webauthn OPTIONS_FILE ORIGIN       -> {"unsupported": bool, "button": ...}
'use strict';

const fs = require('fs');
const path = require('path');
const { webcrypto } = require('crypto');

const [mode, optionsFile, origin, keyFile] = process.argv.slice(2);
const optionsJson = fs.readFileSync(optionsFile, 'utf8');

// --- a minimal CBOR encoder (unsigned and negative integers, bytes, text, maps) ---
function head(major, n) {
  if (n < 24) return [(major << 5) | n];
  if (n < 256) return [(major << 5) | 24, n];
  return [(major << 5) | 25, n >> 8, n & 0xff];
}
function cbor(value) {
  if (typeof value === 'number') {
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return [...head(3, bytes.length), ...bytes];
  }
  if (value instanceof Uint8Array) {
    return [...head(2, value.length), ...value];
  }
  if (value instanceof Map) {
    let out = head(5, value.size);
    for (const [k, v] of value) out = out.concat(cbor(k), cbor(v));
    return out;
  }
  throw new Error('cannot encode ' + value);
}

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const sha256 = async (bytes) => new Uint8Array(await webcrypto.subtle.digest('SHA-256', bytes));
const buffer = (bytes) => Uint8Array.from(bytes).buffer;

// WebCrypto signs ECDSA as r || s; WebAuthn wants DER.
function der(raw) {
  const int = (b) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i += 1;
    b = b.slice(i);
    return b[0] & 0x80 ? [0x02, b.length + 1, 0, ...b] : [0x02, b.length, ...b];
  };
  const body = [...int(raw.slice(0, 32)), ...int(raw.slice(32))];
  return Uint8Array.from([0x30, body.length, ...body]);
}

function clientData(type, challenge) {
  return new Uint8Array(Buffer.from(JSON.stringify({
    type, challenge: b64u(new Uint8Array(challenge)), origin, crossOrigin: false,
  })));
}

const authenticator = {
  async create(options) {
    const pk = options.publicKey;
    if (!(pk.challenge instanceof ArrayBuffer) || !(pk.user.id instanceof ArrayBuffer)) {
      throw new Error('binary fields were not converted');
    }
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', keys.publicKey));
    const cose = new Map([[1, 2], [3, -7], [-1, 1], [-2, raw.slice(1, 33)], [-3, raw.slice(33)]]);
    const credentialId = webcrypto.getRandomValues(new Uint8Array(16));
    const authData = Uint8Array.from([
      ...await sha256(Buffer.from(pk.rp.id)), 0x45, 0, 0, 0, 0, ...new Uint8Array(16),
      0, credentialId.length, ...credentialId, ...cbor(cose),
    ]);
    const attestationObject = Uint8Array.from(cbor(new Map([
      ['fmt', 'none'], ['attStmt', new Map()], ['authData', authData],
    ])));
    fs.writeFileSync(keyFile, JSON.stringify({
      id: b64u(credentialId), jwk: await webcrypto.subtle.exportKey('jwk', keys.privateKey),
    }));
    return {
      id: b64u(credentialId), rawId: buffer(credentialId), type: 'public-key',
      response: {
        attestationObject: buffer(attestationObject),
        clientDataJSON: buffer(clientData('webauthn.create', pk.challenge)),
        getTransports: () => ['internal'],
      },
      getClientExtensionResults: () => ({ credProps: { rk: true } }),
    };
  },
  async get(options) {
    const pk = options.publicKey;
    const saved = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    const allowed = (pk.allowCredentials || []).some((c) => b64u(new Uint8Array(c.id)) === saved.id);
    if (!allowed) throw Object.assign(new Error('no credential'), { name: 'NotAllowedError' });
    const key = await webcrypto.subtle.importKey('jwk', saved.jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const authData = Uint8Array.from([...await sha256(Buffer.from(pk.rpId)), 0x05, 0, 0, 0, 1]);
    const data = clientData('webauthn.get', pk.challenge);
    const signed = Uint8Array.from([...authData, ...await sha256(data)]);
    const raw = new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, signed));
    const id = Buffer.from(saved.id, 'base64url');
    return {
      id: saved.id, rawId: buffer(id), type: 'public-key',
      response: {
        authenticatorData: buffer(authData), clientDataJSON: buffer(data),
        signature: buffer(der(raw)), userHandle: null,
      },
      getClientExtensionResults: () => ({}),
    };
  },
};

// --- a stub page: just what passkey.js touches ---
function element(attrs) {
  return {
    attrs, hidden: attrs.hidden !== undefined, textContent: attrs.text || '', disabled: false,
    listeners: {}, children: [],
    getAttribute(name) { return this.attrs[name] === undefined ? null : this.attrs[name]; },
    addEventListener(type, fn) { this.listeners[type] = fn; },
  };
}
const button = element({ 'data-passkey-start': '', hidden: '', text: 'Create a passkey' });
const errorEl = element({ 'data-passkey-error': '', hidden: '' });
const unsupported = element({ 'data-passkey-unsupported': '', hidden: '' });
const form = element({ action: '/registration-campaign/next' });
let posted = null;
form.querySelector = (selector) => form.children.find((c) => selector.includes(`"${c.name}"`)) || null;
form.appendChild = (child) => form.children.push(child);
form.submit = () => { posted = form.children.find((c) => c.name === 'code').value; };
button.form = form;
const root = element({ 'data-passkey': mode === 'sign-in' ? 'sign-in' : 'create' });
root.querySelector = (selector) => ({
  '[data-passkey-start]': button, '[data-passkey-error]': errorEl,
  '[data-passkey-unsupported]': unsupported, form,
})[selector] || null;

global.window = globalThis;
global.document = {
  readyState: 'complete',
  querySelectorAll: () => [root],
  getElementById: (id) => (id === 'passkey-options' ? { textContent: optionsJson } : null),
  createElement: () => ({}),
};
if (mode !== 'no-webauthn') {
  global.PublicKeyCredential = { isUserVerifyingPlatformAuthenticatorAvailable: async () => true };
  const credentials = mode === 'cancel'
    ? { create: async () => { throw Object.assign(new Error('cancelled'), { name: 'NotAllowedError' }); } }
    : authenticator;
  Object.defineProperty(globalThis, 'navigator', { value: { credentials }, configurable: true });
}

require(path.join(__dirname, '..', '..', 'assets', 'passkey.js'));

(async () => {
  if (mode === 'no-webauthn') {
    console.log(JSON.stringify({ unsupported: !unsupported.hidden, button: !button.hidden }));
    return;
  }
  if (button.hidden) throw new Error('the start button was not revealed');
  button.listeners.click({ preventDefault() {} });
  for (let i = 0; i < 100 && posted === null && errorEl.hidden; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (mode === 'cancel') {
    console.log(JSON.stringify({ error: errorEl.hidden ? null : errorEl.textContent, button: button.textContent, disabled: button.disabled }));
  } else {
    if (posted === null) throw new Error('nothing was posted: ' + errorEl.textContent);
    console.log(JSON.stringify({ posted }));
  }
})().catch((e) => { console.error(e); process.exit(1); });
