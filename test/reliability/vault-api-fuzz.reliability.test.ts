/**
 * Fuzzing Vault's HTTP API (issue 19, item 7): generated raw requests against a running host with
 * a KV v2 mount; every answer a valid Vault envelope, none unanswered, nothing written by a
 * refused request, the host still healthy afterwards, every generator reached.
 *
 * The envelope checker and the KV fingerprint are proven first against OpenBao 2.7 (dev server,
 * builtin KV v2): every OpenBao answer must pass, and OpenBao must never write on a refusal.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startOpenBaoBaseline, type OpenBaoBaseline } from '../support/openbao-baselines';
import { vaultCall } from '../support/vault-http';
import { recordFigures } from './figures';
import { fuzzVaultApi, missingKinds, type FuzzTally } from './vault-api-fuzz';
import { byMode } from './run-mode';

const OPENBAO_RUNS = byMode(400, 1_500);
const KV_MOUNT = 'fuzzkv';
/** What OpenBao's Go HTTP layer answers outside Vault's envelope (see `EnvelopeOptions`). */
const OPENBAO_QUIRKS = { allowPathCleaningRedirect: true, allowBareBadRequestForUnprintablePath: true };

const figures: Record<string, number | string> = {};
let openbao: OpenBaoBaseline | undefined;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'srfuzz-http-'));

before(async () => {
  openbao = await startOpenBaoBaseline('dev');
  const mounted = await vaultCall(openbao, 'POST', `sys/mounts/${KV_MOUNT}`, { type: 'kv', options: { version: '2' } });
  assert.equal(mounted.status, 204, mounted.text);
});

after(async () => {
  await openbao?.stop();
  fs.rmSync(root, { recursive: true, force: true });
  recordFigures(import.meta.url, figures);
});

function summarise(prefix: string, tally: FuzzTally): void {
  figures[`${prefix}_requests`] = tally.requests;
  figures[`${prefix}_invalid_envelopes`] = tally.invalidEnvelopes.length;
  figures[`${prefix}_unanswered`] = tally.unanswered.length;
  figures[`${prefix}_refused_writes_checked`] = tally.refusedWrites;
  figures[`${prefix}_refused_but_written`] = tally.refusedButWritten.length;
  figures[`${prefix}_statuses`] = [...tally.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ');
}

function assertClean(tally: FuzzTally): void {
  assert.deepEqual(missingKinds(tally), [], 'every generator is reached');
  assert.deepEqual(tally.unanswered.slice(0, 20), [], 'every request is answered');
  assert.deepEqual(tally.invalidEnvelopes.slice(0, 20), [], 'every answer is a valid Vault envelope');
  assert.deepEqual(tally.refusedButWritten.slice(0, 20), [], 'no refused request changes the KV mount');
  assert.ok(tally.refusedWrites > 0, 'refused writes were checked');
}

test(`the envelope checker accepts all of OpenBao's answers to ${OPENBAO_RUNS} generated requests`, { timeout: 900_000 }, async () => {
  assert.ok(openbao !== undefined);
  const tally = await fuzzVaultApi({ url: openbao.url, token: openbao.token, kvMount: KV_MOUNT, envelope: OPENBAO_QUIRKS }, OPENBAO_RUNS);
  summarise('openbao', tally);
  assertClean(tally);
  const health = await vaultCall({ url: openbao.url }, 'GET', 'sys/health');
  assert.equal(health.status, 200);
});
