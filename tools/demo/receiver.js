#!/usr/bin/env node
// A callback receiver for causeway-relay: Node.js, standard library only (node:http, node:crypto).
// The same behaviour as receiver.py beside it: verifies each request's Standard Webhooks
// signature, prints the event and answers 204; 401 when the signature does not verify (the
// relay dead-letters it at once), 411 without a body length, 413 over 1 MiB.
//
//   node tools/demo/receiver.js --secret whsec_... [--port 3000] [--host 127.0.0.1]
//   WEBHOOK_SECRET=whsec_... node tools/demo/receiver.js
//
// The signature (https://www.standardwebhooks.com): `webhook-signature` holds "v1,<base64
// HMAC-SHA256>", several separated by spaces while a secret is rotated; the key is the secret
// without "whsec_", base64-decoded; the signed content is "<webhook-id>.<webhook-timestamp>.<body>"
// over the raw body bytes (never re-serialised JSON). A request verifies when any v1 signature
// matches any of the receiver's secrets (--secret twice for the receiver's side of a rotation) and
// webhook-timestamp is within --tolerance seconds (default 300) of now, against replays.
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');

const MAX_BODY_BYTES = 1 << 20;
const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

function secretKey(secret) {
  const text = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new Error('a secret is whsec_ followed by base64');
  }
  return Buffer.from(text, 'base64');
}

// The "v1,<base64>" signature of `body` (a Buffer), as the relay computes it.
function sign(secret, webhookId, timestamp, body) {
  const hmac = crypto.createHmac('sha256', secretKey(secret));
  hmac.update(`${webhookId}.${timestamp}.`);
  hmac.update(body);
  return 'v1,' + hmac.digest('base64');
}

// {ok: true} or {ok: false, why}. `headers` with lower-case names (as node:http gives them).
function verify(secrets, headers, body, now = Date.now() / 1000,
                tolerance = DEFAULT_TOLERANCE_SECONDS) {
  const id = headers['webhook-id'] || '';
  const timestamp = headers['webhook-timestamp'] || '';
  const signatures = headers['webhook-signature'] || '';
  if (!id || !timestamp || !signatures) {
    return {ok: false, why: 'missing webhook-id, webhook-timestamp or webhook-signature'};
  }
  if (!/^[0-9]+$/.test(timestamp)) {
    return {ok: false, why: 'webhook-timestamp is not a number of seconds'};
  }
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    return {ok: false, why: `webhook-timestamp is more than ${tolerance} s from now`};
  }
  const expected = secrets.map((s) => Buffer.from(sign(s, id, timestamp, body)));
  for (const candidate of signatures.split(' ')) {
    if (!candidate.startsWith('v1,')) continue;  // another scheme: not ours to check
    const got = Buffer.from(candidate);
    for (const e of expected) {
      if (got.length === e.length && crypto.timingSafeEqual(got, e)) return {ok: true};
    }
  }
  return {ok: false, why: 'no v1 signature matches'};
}

function answer(res, status, text = '') {
  const headers = {'Content-Length': Buffer.byteLength(text)};
  if (text) headers['Content-Type'] = 'text/plain; charset=utf-8';
  res.writeHead(status, headers);
  res.end(text);
}

function serve({host, port, secrets, tolerance, quiet}) {
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') return answer(res, 405, 'POST only\n');
    const length = req.headers['content-length'];
    if (length === undefined || !/^[0-9]+$/.test(length)) {
      res.shouldKeepAlive = false;
      return answer(res, 411, 'Content-Length required\n');
    }
    if (Number(length) > MAX_BODY_BYTES) {
      res.shouldKeepAlive = false;
      return answer(res, 413, `body over ${MAX_BODY_BYTES} bytes\n`);
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const result = verify(secrets, req.headers, body, Date.now() / 1000, tolerance);
      if (!result.ok) {
        console.error(`refused ${req.headers['webhook-id'] || '?'}: ${result.why}`);
        return answer(res, 401, result.why + '\n');
      }
      if (!quiet) {
        let data;
        try {
          data = JSON.parse(body.toString('utf8'));
        } catch {
          data = body.toString('utf8');
        }
        console.log(JSON.stringify({
          id: req.headers['ce-id'] || req.headers['webhook-id'],
          type: req.headers['ce-type'] || '',
          subject: req.headers['ce-subject'] || '',
          time: req.headers['ce-time'] || '',
          attempt: req.headers['causeway-attempt'] || '',
          data,
        }));
      }
      answer(res, 204);
    });
  });
  server.listen(port, host, () => {
    const a = server.address();
    console.error(`listening on http://${a.address}:${a.port}/`);
  });
  return server;
}

function main(argv) {
  const options = {host: '127.0.0.1', port: 3000, secrets: [],
                   tolerance: DEFAULT_TOLERANCE_SECONDS, quiet: false};
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--host') options.host = value();
    else if (flag === '--port') options.port = Number(value());
    else if (flag === '--secret') options.secrets.push(value());
    else if (flag === '--tolerance') options.tolerance = Number(value());
    else if (flag === '--quiet') options.quiet = true;
    else throw new Error(`unknown flag ${flag} (--host, --port, --secret, --tolerance, --quiet)`);
  }
  if (options.secrets.length === 0 && process.env.WEBHOOK_SECRET) {
    options.secrets.push(process.env.WEBHOOK_SECRET);
  }
  if (options.secrets.length === 0) {
    throw new Error('give --secret whsec_... or set WEBHOOK_SECRET');
  }
  options.secrets.forEach(secretKey);  // refuses a malformed secret at start
  serve(options);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${e.message}`);
    process.exit(2);
  }
}

module.exports = {sign, verify, secretKey, serve};
