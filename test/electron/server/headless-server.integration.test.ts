import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../../support/headless-app';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(async () => {
  await app.close();
});

function request(pathname: string, init: { method?: string; host?: string; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: app.server.port, path: pathname, method: init.method ?? 'GET', headers: { host: init.host ?? `127.0.0.1:${app.server.port}` } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

test('the URL binds 127.0.0.1 and carries the token', () => {
  assert.match(app.server.url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/);
});

test('the shell is served under the token with a strict CSP', async () => {
  const res = await request(`/${app.server.token}/`);
  assert.equal(res.status, 200);
  assert.match(res.body, /<div id="root">/);
  assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
});

test('requests without the token are refused', async () => {
  // A token one character off (never the same character: 1 run in 64 the token ends with it).
  const token = app.server.token;
  const offByOne = token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');
  for (const p of ['/', '/index.html', '/api/invoke', `/${offByOne}/`]) {
    const res = await request(p);
    assert.equal(res.status, 401, p);
  }
});

test('a foreign Host header is refused (DNS rebinding)', async () => {
  const res = await request(`/${app.server.token}/`, { host: 'evil.example:80' });
  assert.equal(res.status, 401);
});

test('invoke answers a contract call', async () => {
  const res = await request(`/${app.server.token}/api/invoke`, { method: 'POST', body: JSON.stringify({ method: 'app.info', args: {} }) });
  const reply = JSON.parse(res.body);
  assert.equal(reply.ok, true);
  assert.equal(reply.result.dataDir, app.dataDir);
});

test('malformed JSON gets a clear error', async () => {
  const res = await request(`/${app.server.token}/api/invoke`, { method: 'POST', body: '{nope' });
  assert.equal(res.status, 400);
  assert.equal(JSON.parse(res.body).error.code, 'invalid_json');
});

test('the event socket needs the token and then pushes events', async () => {
  const refused = new WebSocket(`ws://127.0.0.1:${app.server.port}/wrong/api/events`);
  await new Promise<void>((resolve) => refused.on('error', () => resolve()));
  const ws = new WebSocket(`ws://127.0.0.1:${app.server.port}/${app.server.token}/api/events`);
  const first = await new Promise<{ event: string }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
  assert.equal(first.event, 'app.ready');
  ws.close();
});
