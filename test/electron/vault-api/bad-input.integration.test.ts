/**
 * What the Vault API refuses, each as a Vault-style JSON error that says what to do, with nothing
 * written: other Host headers (DNS rebinding), bad bytes, bad JSON, oversized bodies, header floods,
 * slow clients (and they hold nobody else up), traversal, a token in the URL, a sealed store. Also
 * what must keep working at the byte level: pipelined and chunked requests through the LIST rewriter.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { call, PASSPHRASE } from '../core/core-helpers';
import { apiRequest, rawRequest, startApiHarness, type ApiHarness } from './api-harness';

/** Writes `text` on a fresh connection and collects everything until the server closes it (or `until` matches). */
function exchange(port: number, text: string | Buffer, until?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (until?.test(received)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(text);
  });
}

function errorsOf(text: string): string[] {
  return (JSON.parse(text) as { errors: string[] }).errors;
}

describe('bad input and security on the Vault API', () => {
  let harness: ApiHarness;
  let port: number;

  before(async () => {
    harness = await startApiHarness({ timeouts: { headersMs: 1_000, checkIntervalMs: 100 } });
    port = harness.api.port;
    await harness.init();
    await call(harness.services, 'plugins.register', { type: 'secret', name: 'kv', command: 'vault-plugin-secrets-kv' });
    await call(harness.services, 'mounts.enable', { path: 'kv1', type: 'kv', options: { version: '1' } });
  });
  after(async () => harness?.close());

  const auth = () => ({ 'X-Vault-Token': harness.token, Host: `127.0.0.1:${port}` });

  async function assertNothingAt(path: string): Promise<void> {
    const read = await apiRequest(harness.api.url, 'GET', path, { token: harness.token });
    assert.equal(read.status, 404, `nothing was written at ${path}: ${read.text}`);
  }

  test('only the loopback names of this port are served as Host (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `192.168.1.1:${port}`]) {
      const reply = await rawRequest(port, { method: 'GET', path: '/v1/sys/health', headers: { Host: host } });
      assert.equal(reply.status, 421, host);
      assert.equal(reply.headers['content-type'], 'application/json');
      assert.match(errorsOf(reply.text)[0]!, /DNS rebinding/);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await rawRequest(port, { method: 'GET', path: '/v1/sys/health', headers: { Host: host } })).status, 200, host);
    }
    const noHost = await exchange(port, 'GET /v1/sys/health HTTP/1.0\r\n\r\n');
    assert.match(noHost, /^HTTP\/1\.1 421 /);
  });

  test('no CORS headers, even for a preflight from a web page', async () => {
    const preflight = await rawRequest(port, { method: 'OPTIONS', path: '/v1/kv1/x', headers: { Host: `127.0.0.1:${port}`, Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(preflight.status, 405);
    const read = await rawRequest(port, { method: 'GET', path: '/v1/sys/health', headers: { Host: `127.0.0.1:${port}`, Origin: 'https://evil.example' } });
    for (const reply of [preflight, read]) assert.deepEqual(Object.keys(reply.headers).filter((name) => name.startsWith('access-control-')), []);
  });

  test('invalid UTF-8, malformed JSON and a non-object body are 400, nothing written', async () => {
    const cases: Array<[string, Buffer]> = [
      ['utf8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['json', Buffer.from('{"a": ')],
      ['array', Buffer.from('[1, 2]')],
      ['string', Buffer.from('"text"')],
    ];
    for (const [name, body] of cases) {
      const reply = await rawRequest(port, { method: 'PUT', path: `/v1/kv1/bad-${name}`, headers: { ...auth(), 'Content-Type': 'application/json' }, body });
      assert.equal(reply.status, 400, name);
      assert.equal(reply.headers['content-type'], 'application/json');
      assert.equal(reply.headers['cache-control'], 'no-store');
      assert.match(errorsOf(reply.text)[0]!, /^failed to decode JSON input: .*(UTF-8|JSON object|send)/, name);
      await assertNothingAt(`kv1/bad-${name}`);
    }
  });

  test('a body over 32 MiB is a 413 and the connection is closed, nothing written', async () => {
    const body = Buffer.alloc(32 * 1024 * 1024 + 1024, 0x20);
    const reply = await new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/v1/kv1/huge', headers: { ...auth(), 'Content-Length': body.length }, agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }));
      });
      req.on('error', (error) => reject(error));
      req.end(body);
    });
    assert.equal(reply.status, 413);
    assert.equal(reply.connection, 'close');
    assert.match(errorsOf(reply.text)[0]!, /32 MiB/);
    await assertNothingAt('kv1/huge');
  });

  test('a header flood is a 431 in JSON', async () => {
    const flood = Array.from({ length: 800 }, (_, i) => `X-Flood-${i}: ${'a'.repeat(40)}`).join('\r\n');
    const answer = await exchange(port, `GET /v1/sys/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${flood}\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 431 /);
    assert.match(answer, /Content-Type: application\/json/);
    assert.match(answer, /\{"errors":\["The request headers exceed \d+ bytes/);
  });

  test('a slow client is answered 408 and closed, and others are served meanwhile', async () => {
    const slow = exchange(port, `GET /v1/sys/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    const others = await Promise.all(Array.from({ length: 5 }, () => apiRequest(harness.api.url, 'GET', 'sys/health')));
    assert.deepEqual(others.map((reply) => reply.status), [200, 200, 200, 200, 200]);
    const answer = await slow;
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.match(answer, /"errors":\["The request did not arrive in time/);
  });

  test('"..", "." and percent-encoded traversal are refused before routing', async () => {
    for (const path of ['/v1/kv1/../sys/mounts', '/v1/kv1/%2e%2e/x', '/v1/kv1/%2E%2e/x', '/v1/kv1/..%2fsys/mounts', '/v1/./kv1/x', '/v1/kv1/%2e/x']) {
      const reply = await rawRequest(port, { method: 'PUT', path, headers: { ...auth(), 'Content-Type': 'application/json' }, body: Buffer.from('{"a":"b"}') });
      assert.equal(reply.status, 400, path);
      assert.match(errorsOf(reply.text)[0]!, /^relative paths not supported/, path);
    }
    const badEncoding = await rawRequest(port, { method: 'GET', path: '/v1/kv1/%ff', headers: auth() });
    assert.equal(badEncoding.status, 400);
  });

  test('a method Node does not know is 405 with Allow, as OpenBao answers it; garbage stays 400', async () => {
    const frob = await exchange(port, `FROB /v1/kv1/x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Vault-Token: ${harness.token}\r\n\r\n`);
    assert.match(frob, /^HTTP\/1\.1 405 /);
    assert.match(frob, /\r\nAllow: GET, HEAD, POST, PUT, PATCH, DELETE, LIST, HELP\r\n/);
    assert.deepEqual(errorsOf(frob.slice(frob.indexOf('\r\n\r\n') + 4)), ['The method FROB is not supported: use one of GET, HEAD, POST, PUT, PATCH, DELETE, LIST, HELP.']);
    const garbage = await exchange(port, `\x01\x02 nonsense\r\n\r\n`);
    assert.match(garbage, /^HTTP\/1\.1 400 /);
  });

  test('an empty segment (a//b) is a 307 to the path without it, query and trailing slash kept, as Go\'s mux answers', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/kv1//x', '/v1/kv1/x'],
      ['/v1//kv1/x?version=1', '/v1/kv1/x?version=1'],
      ['/v1/kv1///dir//', '/v1/kv1/dir/'],
    ];
    for (const [target, location] of cases) {
      const reply = await rawRequest(port, { method: 'GET', path: target, headers: auth() });
      assert.equal(reply.status, 307, target);
      assert.equal(reply.headers['location'], location, target);
    }
    const write = await rawRequest(port, { method: 'PUT', path: '/v1/kv1//never', headers: { ...auth(), 'Content-Type': 'application/json' }, body: Buffer.from('{"a":"b"}') });
    assert.equal(write.status, 307);
    assert.equal((await rawRequest(port, { method: 'GET', path: '/v1/kv1/never', headers: auth() })).status, 404, 'nothing was written');
  });

  test('a token in the query string is refused; other paths outside /v1/ are 404 in JSON', async () => {
    const query = await apiRequest(harness.api.url, 'GET', `kv1/x?token=${harness.token}`);
    assert.equal(query.status, 400);
    assert.match(String((query.body?.['errors'] as string[])[0]), /X-Vault-Token header/);
    const outside = await rawRequest(port, { method: 'GET', path: '/ui/', headers: auth() });
    assert.equal(outside.status, 404);
    assert.match(errorsOf(outside.text)[0]!, /\/v1\//);
  });

  test('pipelined requests and a chunked body pass the LIST rewriter intact', async () => {
    const host = `Host: 127.0.0.1:${port}\r\nX-Vault-Token: ${harness.token}\r\n`;
    // A body that looks like a LIST request line must stay data.
    const body = '{"note":"\\r\\n\\r\\nLIST /v1/kv1/ HTTP/1.1"}';
    const chunked = `5\r\n${body.slice(0, 5)}\r\n${(body.length - 5).toString(16)}\r\n${body.slice(5)}\r\n0\r\n\r\n`;
    const requests =
      `PUT /v1/kv1/piped HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` +
      `PUT /v1/kv1/chunked HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n${chunked}` +
      `HELP /v1/kv1/piped HTTP/1.1\r\n${host}Connection: close\r\n\r\n`;
    const answer = await exchange(port, requests);
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => match[1]);
    assert.deepEqual(statuses, ['204', '204', '200'], answer);
    // Node serves pipelined requests concurrently, so the list goes after the writes have answered.
    const listed = await exchange(port, `LIST /v1/kv1/ HTTP/1.1\r\n${host}Connection: close\r\n\r\n`);
    assert.match(listed, /^HTTP\/1\.1 200 /);
    assert.match(listed, /"keys":\["chunked","piped"\]/);
    const stored = await apiRequest(harness.api.url, 'GET', 'kv1/piped', { token: harness.token });
    assert.equal((stored.body?.['data'] as { note: string }).note, '\r\n\r\nLIST /v1/kv1/ HTTP/1.1');
  });

  test('while sealed a write is 503 saying how to unseal, and nothing is written', async () => {
    await call(harness.services, 'seal.seal', {});
    const write = await apiRequest(harness.api.url, 'PUT', 'kv1/while-sealed', { token: harness.token, body: { a: 'b' } });
    assert.equal(write.status, 503);
    assert.match(String((write.body?.['errors'] as string[])[0]), /^Vault is sealed: .*operator unseal/);
    await call(harness.services, 'seal.unseal', { passphrase: PASSPHRASE });
    await assertNothingAt('kv1/while-sealed');
  });
});
