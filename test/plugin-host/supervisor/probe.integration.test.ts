import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginLogLine } from '../../../plugin-host';
import { startHarness, type Harness } from '../../support/supervisor-harness';

// The supervisor's probe (development mode's check of a rebuild no mount uses): real processes,
// started and handshaken as for a mount, then stopped, leaving no slot and no socket directory.
describe('supervisor probe: does this binary start?', () => {
  let harness: Harness;
  let socketRoot: string;
  const logs: PluginLogLine[] = [];

  before(async () => {
    socketRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'd5-probe-'));
    harness = await startHarness(
      [
        { name: 'good', fixture: 'strongroom-custom' },
        { name: 'bad', fixture: 'strongroom-misbehave' },
      ],
      { socketRoot },
    );
    harness.supervisor.events.on('log', (line) => logs.push(line));
  });
  after(async () => {
    await harness.supervisor.stop();
    fs.rmSync(socketRoot, { recursive: true, force: true });
  });

  test('a binary that starts: resolves, and nothing of it is left running', async () => {
    await harness.supervisor.probe(harness.catalog.get('secret', 'good')!);
    assert.deepEqual(harness.supervisor.status(), [], 'no process slot');
    assert.deepEqual(fs.readdirSync(socketRoot), [], 'its socket directory is removed');
    assert.ok(logs.some((line) => line.plugin === 'good'), 'its log lines reach the supervisor events');
  });

  test('a binary that exits on start: rejects as a start would, its stderr in the log', async () => {
    await assert.rejects(harness.supervisor.probe(harness.catalog.get('secret', 'bad')!), (error: Error & { code?: string }) => {
      assert.match(error.message, /exit/i);
      assert.equal(typeof error.code, 'string');
      return true;
    });
    assert.ok(logs.some((line) => line.plugin === 'bad' && /pass one of/.test(line.message)), JSON.stringify(logs.filter((l) => l.plugin === 'bad')));
    assert.deepEqual(harness.supervisor.status(), []);
    assert.deepEqual(fs.readdirSync(socketRoot), []);
  });

  test('after stop it refuses to start anything', async () => {
    const entry = harness.catalog.get('secret', 'good')!;
    await harness.supervisor.stop();
    await assert.rejects(harness.supervisor.probe(entry), /shutting down|stopp/i);
  });
});
