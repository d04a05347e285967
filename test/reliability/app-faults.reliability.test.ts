/**
 * App faults: the core runs in a child process (createAppServices, writes through the contract's
 * router) and is SIGKILLed mid-write, round after round. After each kill the SQLite file passes
 * its integrity check and the next round's app unseals it; at the end every acknowledged write
 * reads back. The killed app's plugins are watched too. What the host promises: an app that
 * exits (even without closing) SIGKILLs its plugins from a process 'exit' hook; a SIGKILLed app
 * runs no code and Go plugins do not notice their parent died, so they outlive it — until the next
 * app on the same data directory starts, which reaps them and removes their socket directories.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../electron/storage';
import { openReadyApp, readValue, writeCall, type AppMount } from './app-driver';
import { recordFigures } from './figures';
import { tempDir } from './plugin-stack';
import { processAlive } from '../support/processes';
import { processEnvironment, waitForExit } from './proc';
import { byMode } from './run-mode';

const CHILD = fileURLToPath(new URL('./app-core.child.ts', import.meta.url));
const ROUNDS = byMode(3, 10);
/** How long plugins of a dead app get to notice and exit on their own. */
const ORPHAN_GRACE_MS = 1_000;

const root = tempDir('srapp-');
const dataDir = path.join(root, 'data');
/** Every plugin pid any child app reported: killed at the end whatever the verdict. */
const strays = new Set<number>();

interface Round {
  acked: Array<{ mount: AppMount; key: string; value: string }>;
  pluginPids: number[];
  socketDirs: string[];
  signal: string | null;
  code: number | null;
}

async function runApp(round: number, ending: { killAfter: number } | { exitAfter: number }): Promise<Round> {
  const args = ['--import', 'tsx', CHILD, dataDir, String(round)];
  if ('exitAfter' in ending) args.push(`exit-after=${ending.exitAfter}`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
  const result: Round = { acked: [], pluginPids: [], socketDirs: [], signal: null, code: null };
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('ready ')) {
      result.pluginPids = JSON.parse(line.slice('ready '.length)) as number[];
      for (const pid of result.pluginPids) {
        strays.add(pid);
        const dir = processEnvironment(pid)['PLUGIN_UNIX_SOCKET_DIR'];
        if (dir !== undefined) result.socketDirs.push(dir);
      }
      continue;
    }
    const [, mount, key, value] = line.split(' ') as [string, AppMount, string, string];
    result.acked.push({ mount, key, value });
    if ('killAfter' in ending && result.acked.length === ending.killAfter) child.kill('SIGKILL');
  }
  [result.code, result.signal] = await exited;
  return result;
}

const acked: Round['acked'] = [];
const integrity: string[] = [];
let lost = -1;
let orphanedAfterKill = 0;
const killedSocketDirs: string[] = [];
let orphansAfterRestart = 0;
let staleSocketDirsAfterRestart = 0;

before(async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const outcome = await runApp(round, { killAfter: 20 + Math.floor(Math.random() * 40) });
    assert.equal(outcome.signal, 'SIGKILL', `round ${round}: the app was killed, not finished`);
    assert.ok(outcome.pluginPids.length >= 2, `round ${round}: plugins were running when the app died`);
    acked.push(...outcome.acked);
    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    integrity.push(String(db.pragma('integrity_check', { simple: true })));
    db.close();
    orphanedAfterKill += (await waitForExit(outcome.pluginPids, ORPHAN_GRACE_MS)).length;
    killedSocketDirs.push(...outcome.socketDirs);
  }
  // A fresh app on the same data directory unseals, serves, and must have every acknowledged write.
  const app = await openReadyApp(dataDir);
  lost = 0;
  try {
    for (const { mount, key, value } of acked) {
      const { path: readPath } = writeCall(mount, key, value);
      const result = await app.call<{ data: Record<string, unknown> | null }>('requests.handle', { path: readPath, operation: 'read' });
      if (readValue(mount, result.data) !== value) lost += 1;
    }
  } finally {
    await app.close();
  }
  orphansAfterRestart = [...strays].filter(processAlive).length;
  staleSocketDirsAfterRestart = killedSocketDirs.filter((dir) => fs.existsSync(dir)).length;
  recordFigures(import.meta.url, {
    app_kills: ROUNDS,
    acknowledged_writes: acked.length,
    lost_writes: lost,
    orphaned_plugins_after_app_kill: orphanedAfterKill,
    orphans_alive_after_restart: orphansAfterRestart,
    stale_socket_dirs_after_restart: staleSocketDirsAfterRestart,
  });
});

after(() => {
  for (const pid of strays) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

test(`kill -9 of the app mid-write, ${ROUNDS} rounds: the database opens cleanly each time`, () => {
  assert.deepEqual(integrity, Array(ROUNDS).fill('ok'));
});

test('every write the killed apps acknowledged is there after the restart', () => {
  assert.ok(acked.length >= ROUNDS * 20, `${acked.length} writes were acknowledged`);
  assert.equal(lost, 0, `${lost} of ${acked.length} acknowledged writes are missing after ${ROUNDS} app kills`);
});

test('an app that exits without closing (process.exit) takes its plugins with it', { timeout: 60_000 }, async () => {
  const outcome = await runApp(ROUNDS, { exitAfter: 5 });
  assert.equal(outcome.code, 0);
  assert.deepEqual(await waitForExit(outcome.pluginPids, ORPHAN_GRACE_MS), [], 'the exit hook SIGKILLed every plugin');
});

test('no plugin process or socket directory of a SIGKILLed app survives the restart', () => {
  assert.equal(orphansAfterRestart, 0, `${orphansAfterRestart} plugin processes of killed apps are still running`);
  assert.equal(staleSocketDirsAfterRestart, 0, `${staleSocketDirsAfterRestart} socket directories of killed apps are left behind`);
});
