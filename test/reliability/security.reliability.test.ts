/**
 * Security checks: the headless server (loopback only, token required), mTLS on the plugin's
 * socket and the host's broker sockets, owner-only files, the environment plugins get, secrets kept
 * out of logs and the audit table, and Electron's window options.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { secureWindowOptions } from '../../electron/main/window-options';
import { contentSecurityPolicy } from '../../electron/server/security-headers';
import { startHeadlessServer, type HeadlessServer } from '../../electron/server/headless-server';
import { HOST_CONTROLLED_ENV_KEYS, hostEnvAllowlist } from '../../plugin-host/launch/env';
import { createHostCertificate } from '../../plugin-host/launch/mtls';
import { openReadyApp, type AppDriver } from './app-driver';
import { recordFigures } from './figures';
import { probeGrpcSocket, type ProbeMode } from './grpc-probe';
import { startPluginStack, tempDir, type PluginStack } from './plugin-stack';
import { processEnvironment } from './proc';

let checks = 0;
const check = () => (checks += 1);
after(() => recordFigures(import.meta.url, { security_checks: checks }));

describe('headless server', () => {
  const root = tempDir('srsec-');
  let app: AppDriver;
  let server: HeadlessServer;
  before(async () => {
    app = await openReadyApp(path.join(root, 'data'));
    fs.mkdirSync(path.join(root, 'renderer'));
    fs.writeFileSync(path.join(root, 'renderer', 'index.html'), '<!doctype html>');
    server = await startHeadlessServer({ services: app.services, rendererDir: path.join(root, 'renderer') });
  });
  after(async () => {
    await server.close();
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (urlPath: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path: urlPath }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });

  test('binds 127.0.0.1 only: no answer on other local addresses', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\//);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((info) => info !== undefined && !info.address.startsWith('127.'))
      .map((info) => info!.address);
    for (const address of [...others, '::1']) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: address, port: server.port }, () => resolve(true));
        socket.on('error', () => resolve(false));
        socket.setTimeout(1_000, () => resolve(false));
      }).finally(() => undefined);
      assert.equal(reached, false, `port ${server.port} answers on ${address}`);
      check();
    }
  });

  test('refuses every request without the token (HTTP and WebSocket), answers with it', async () => {
    const invoke = (urlPath: string, host = `127.0.0.1:${server.port}`) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port: server.port, path: urlPath, method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end('{"method":"mounts.list","args":{}}');
      });
    const token = server.token;
    const wrong = randomBytes(24).toString('base64url');
    assert.equal(await invoke(`/${token}/api/invoke`), 200, 'with the token');
    for (const [what, urlPath, host] of [
      ['no token', '/api/invoke', undefined],
      ['wrong token', `/${wrong}/api/invoke`, undefined],
      ['token prefix only', `/${token.slice(0, 8)}/api/invoke`, undefined],
      ['token as a query', `/api/invoke?token=${token}`, undefined],
      ['foreign Host header (DNS rebinding)', `/${token}/api/invoke`, `evil.example:${server.port}`],
    ] as const) {
      assert.equal(await invoke(urlPath, host), 401, what);
      check();
    }
    assert.equal(await get('/'), 401, 'the page without the token');
    check();
    for (const urlPath of ['/api/events', `/${wrong}/api/events`]) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}${urlPath}`);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
      });
      assert.notEqual(status, 101, `WebSocket ${urlPath} opened without the token`);
      check();
    }
  });
});

describe('plugin sockets, files and environment', () => {
  const canary = `canary-${randomBytes(8).toString('hex')}`;
  let stack: PluginStack;
  let pid = 0;
  let socketDir = '';
  before(async () => {
    process.env['STRONGROOM_TEST_CANARY'] = canary;
    stack = await startPluginStack([{ name: 'kv', fixture: 'vault-plugin-secrets-kv', env: { CATALOG_GIVEN: 'yes' } }]);
    const mount = stack.mount('kv', 'kv/');
    // A write makes the plugin dial the host's broker socket for storage.
    await stack.supervisor.request(mount.id, { operation: 'update', path: 'x', data: { value: 'v' } });
    pid = stack.supervisor.mountStatus(mount.id)?.pid as number;
    socketDir = processEnvironment(pid)['PLUGIN_UNIX_SOCKET_DIR'] as string;
  });
  after(async () => {
    delete process.env['STRONGROOM_TEST_CANARY'];
    await stack.close();
  });

  const sockets = () =>
    fs
      .readdirSync(socketDir)
      .map((name) => path.join(socketDir, name))
      .filter((file) => fs.statSync(file).isSocket());

  test('the probe itself talks to a plaintext gRPC-like server (positive control)', async () => {
    const address = path.join(socketDir, 'control.sock');
    const server = http2.createServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((resolve) => server.listen(address, resolve));
    try {
      assert.equal((await probeGrpcSocket(address, 'plaintext')).talked, true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('neither the plugin socket nor a broker socket talks to a client without the host certificate', async () => {
    const found = sockets();
    assert.ok(found.some((file) => /plugin\d+$/.test(file)), `the plugin socket is in ${socketDir}: ${found.join(', ')}`);
    assert.ok(found.some((file) => /broker-\d+\.sock$/.test(file)), `a broker socket is in ${socketDir}: ${found.join(', ')}`);
    const foreign = await createHostCertificate();
    const refusals: string[] = [];
    for (const file of found) {
      for (const mode of ['plaintext', 'tls-without-certificate', 'tls-with-foreign-certificate'] as ProbeMode[]) {
        const result = await probeGrpcSocket(file, mode, foreign);
        const reason = /alert [a-z ]+|connection closed|timeout/.exec(result.detail)?.[0] ?? result.detail;
        refusals.push(`${path.basename(file).replace(/\d+/, 'N')} ${mode}: ${reason}`);
        assert.equal(result.talked, false, `${path.basename(file)} answered a ${mode} client (${result.detail})`);
        check();
      }
    }
    recordFigures(import.meta.url, { mtls_refusals: refusals.join(' | ') });
  });

  test('socket directory, socket files and data directory are owner-only', () => {
    assert.equal(fs.statSync(socketDir).mode & 0o777, 0o700, 'socket directory');
    check();
    assert.equal(fs.statSync(stack.dataDir).mode & 0o777, 0o700, 'data directory');
    check();
    for (const name of fs.readdirSync(stack.dataDir)) {
      const mode = fs.statSync(path.join(stack.dataDir, name)).mode & 0o777;
      assert.equal(mode & 0o077, 0, `${name} is ${mode.toString(8)}`);
      check();
    }
    // The plugin's socket and the host's broker socket are chmod 0600 once bound (inside the 0700 dir).
    const files = sockets();
    assert.ok(files.length >= 2, `expected the plugin and broker sockets, found ${files.join(', ')}`);
    for (const file of files) {
      assert.equal(fs.statSync(file).mode & 0o777, 0o600, `${path.basename(file)} mode`);
      check();
    }
    recordFigures(import.meta.url, { socket_file_modes: files.map((file) => `${path.basename(file)}:${(fs.statSync(file).mode & 0o777).toString(8)}`).join(' ') });
  });

  test('the plugin gets only the environment the catalog and the protocol give it', () => {
    const env = processEnvironment(pid);
    const allowed = new Set([...hostEnvAllowlist(process.platform), 'CATALOG_GIVEN', ...HOST_CONTROLLED_ENV_KEYS]);
    assert.deepEqual(Object.keys(env).filter((key) => !allowed.has(key)), [], 'no other variable reaches the plugin');
    assert.equal(env['CATALOG_GIVEN'], 'yes', 'the catalog entry env arrives');
    assert.ok(!Object.values(env).some((value) => value.includes(canary)), "the app's own environment stays out");
    check();
  });
});

describe('secrets stay out of logs and the audit table', () => {
  const root = tempDir('srsec-');
  const secret = `s3cret-${randomBytes(12).toString('hex')}`;
  let app: AppDriver;
  const published: string[] = [];
  before(async () => {
    app = await openReadyApp(path.join(root, 'data'));
    app.services.events.subscribe((event, payload) => published.push(`${event} ${JSON.stringify(payload)}`));
    await app.call('requests.handle', { path: 'kv/data/db', operation: 'write', data: { data: { password: secret } } });
    await app.call('requests.handle', { path: 'kv1/db', operation: 'write', data: { password: secret } });
    await app.call('requests.handle', { path: 'custom/users/ada', operation: 'write', data: { email: 'ada@example.com', password: secret } });
    const read = await app.call<{ data: { data: { password: string } } }>('requests.handle', { path: 'kv/data/db', operation: 'read' });
    assert.equal(read.data.data.password, secret, 'the secret reads back');
    await app.call('plugins.reload', { plugin: 'kv' });
  });
  after(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('not in the audit log (as seen through the contract)', async () => {
    const { entries } = await app.call<{ entries: unknown[] }>('audit.list', { limit: 500 });
    assert.ok(entries.length >= 8, `${entries.length} audit entries`);
    assert.ok(!JSON.stringify(entries).includes(secret));
    check();
  });

  test('not in any byte of the data directory (database, WAL, audit table)', () => {
    const dataDir = path.join(root, 'data');
    for (const name of fs.readdirSync(dataDir)) {
      const file = path.join(dataDir, name);
      if (!fs.statSync(file).isFile()) continue;
      assert.equal(fs.readFileSync(file).indexOf(secret), -1, `${name} holds the secret in clear`);
      check();
    }
  });

  test('not in any event or plugin log line the app published, nor in the kept log history', async () => {
    assert.ok(published.length > 0, 'events were published');
    assert.deepEqual(published.filter((line) => line.includes(secret)), []);
    // Log lines are pushed in batches a little later; the history holds every line the host kept.
    const history = await app.call<{ lines: unknown[] }>('plugins.logs', { limit: 5_000 });
    assert.ok(history.lines.length > 0, 'the plugins logged something');
    assert.deepEqual(history.lines.map((line) => JSON.stringify(line)).filter((line) => line.includes(secret)), []);
    check();
  });
});

/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), written out here
 * rather than read from `window-options.ts`: the whole `webPreferences` object must equal it, so
 * turning a protection off, or adding any preference (enableBlinkFeatures, additionalArguments, …),
 * fails until this list is changed too — in review.
 */
const CHECKLIST_WEB_PREFERENCES: Record<string, unknown> = {
  nodeIntegration: false, // 2. no Node.js integration for remote content
  nodeIntegrationInWorker: false, // 2.
  nodeIntegrationInSubFrames: false, // 2.
  contextIsolation: true, // 3. context isolation
  sandbox: true, // 4. process sandboxing
  webSecurity: true, // 6. webSecurity not disabled
  allowRunningInsecureContent: false, // 8.
  experimentalFeatures: false, // 9.
  webviewTag: false, // 11./12. no <webview> at all
  navigateOnDragDrop: false, // 13. a dropped file or link does not navigate the window
  spellcheck: false, // no dictionary downloads from Google's servers
};

test('Electron window options meet the security checklist', () => {
  const preload = '/opt/strongroom/preload.cjs';
  const { webPreferences, ...window } = secureWindowOptions(preload);
  assert.deepEqual({ ...webPreferences }, { ...CHECKLIST_WEB_PREFERENCES, preload }, 'webPreferences are exactly the checklist and the preload');
  check();
  assert.equal(window.show, false, 'the window stays hidden until ready-to-show (no flash of an unstyled page)');
  check();
  for (const key of Object.keys(window)) {
    assert.ok(['width', 'height', 'minWidth', 'minHeight', 'title', 'show'].includes(key), `BrowserWindow option ${key} is reviewed here first`);
  }
  check();
  for (const directive of ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
    assert.ok(contentSecurityPolicy.includes(directive), `CSP has ${directive}`);
    check();
  }
  assert.ok(!/unsafe-(inline|eval)/.test(contentSecurityPolicy), 'CSP allows no inline script or eval');
  check();
});
