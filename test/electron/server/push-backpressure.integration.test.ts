/**
 * The headless WebSocket bridge bounds what it sends to a page that is behind: a client that stops
 * acknowledging gets at most DEFAULT_PUSH_WINDOW log batches, and once it acknowledges again it
 * learns how many lines it missed. Real parts: the misbehave plugin flooding stderr, the core, the
 * headless server and a `ws` client.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { PluginLogBatch } from '../../../electron/common/contract/plugins';
import type { AppServices } from '../../../electron/core/app-services';
import { DEFAULT_PUSH_WINDOW } from '../../../electron/core/push-channel';
import { startHeadlessServer, type HeadlessServer } from '../../../electron/server/headless-server';
import { call, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core/core-helpers';

let dataDir: string;
let services: AppServices;
let server: HeadlessServer;
let publishedLines = 0;

before(async () => {
  dataDir = tempDataDir();
  await installPlugins(dataDir, ['strongroom-misbehave']);
  services = await openServices(dataDir);
  services.events.subscribe((event, payload) => {
    if (event === 'plugins.log') publishedLines += (payload as PluginLogBatch).lines.length;
  });
  await call(services, 'seal.init', { passphrase: PASSPHRASE });
  await call(services, 'plugins.register', { name: 'flood', command: 'strongroom-misbehave', args: ['serve'] });
  await call(services, 'mounts.enable', { path: 'flood', type: 'flood' });
  await call(services, 'requests.handle', { path: 'flood/ok', operation: 'read' });
  const rendererDir = path.join(dataDir, 'no-renderer');
  fs.mkdirSync(rendererDir);
  server = await startHeadlessServer({ services, rendererDir });
});
after(async () => {
  await server.close();
  await services.close();
  removeDir(dataDir);
});

interface Frame {
  event: string;
  payload: unknown;
  ack?: number;
}

test('a client that stops acknowledging gets a bounded number of log batches, then the count of what it missed', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/${server.token}/api/events`);
  const frames: Frame[] = [];
  let acking = false;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    frames.push(frame);
    if (acking && frame.ack !== undefined) ws.send(JSON.stringify({ ack: frame.ack }));
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const startedAt = publishedLines;

  // ~1,000 lines/s for 3 s: the stderr reader passes about 2,500 of them, in ~40 batches.
  const flood = call(services, 'requests.handle', { path: 'flood/flood-lines/3000/3000', operation: 'read' });
  const batches = () => frames.filter((f) => f.event === 'plugins.log').map((f) => f.payload as PluginLogBatch);
  await flood;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(batches().length, DEFAULT_PUSH_WINDOW, 'no more batches than the window while nothing is acknowledged');
  assert.ok(publishedLines - startedAt > 1_000, `${publishedLines - startedAt} lines were published`);

  acking = true;
  const last = frames.filter((f) => f.ack !== undefined).at(-1)?.ack ?? 0;
  ws.send(JSON.stringify({ ack: last }));
  for (let i = 0; i < 100 && batches().length === DEFAULT_PUSH_WINDOW; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  const marker = batches()[DEFAULT_PUSH_WINDOW];
  assert.ok(marker !== undefined && marker.dropped > 0 && marker.lines.length === 0, JSON.stringify(marker));

  // The stderr reader may still pass the flood's last lines on for a moment (a CI run counted 2 of
  // 2,507 after the marker): wait, up to 2 s, until what was published has been delivered or counted.
  const accounted = () => batches().reduce((sum, b) => sum + b.lines.length + b.dropped, 0);
  for (let i = 0; i < 100 && accounted() !== publishedLines - startedAt; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(accounted(), publishedLines - startedAt, 'every published line was either delivered or counted as dropped');

  // Acknowledging again, the client gets live batches again.
  await call(services, 'requests.handle', { path: 'flood/flood-lines/10', operation: 'read' });
  for (let i = 0; i < 100 && !batches().some((b) => b.lines.some((l) => l.message === 'flood line 10 of 10')); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(batches().some((b) => b.lines.some((l) => l.message === 'flood line 10 of 10')));
  ws.close();
});
