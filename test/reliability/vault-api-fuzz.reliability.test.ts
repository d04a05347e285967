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
import { startStrongroomApiHost, type StrongroomApiHost } from './vault-api-host';
import { byMode } from './run-mode';

const STRONGROOM_RUNS = byMode(500, 10_000);
const OPENBAO_RUNS = byMode(300, 1_500);
/** Problems are tallied, not thrown, so fast-check never prints its seed: it is recorded instead. */
const SEED = Number(process.env.STRONGROOM_FUZZ_SEED ?? Date.now() % 2 ** 31);
const KV_MOUNT = 'fuzzkv';
/** What OpenBao's Go HTTP layer answers outside Vault's envelope (see `EnvelopeOptions`). */
const OPENBAO_QUIRKS = { allowPathCleaningRedirect: true, allowBareBadRequestForUnprintablePath: true };

const figures: Record<string, number | string> = {};
let openbao: OpenBaoBaseline | undefined;
let strongroom: StrongroomApiHost | undefined;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'srfuzz-http-'));
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

before(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  strongroom = await startStrongroomApiHost(KV_MOUNT);
  openbao = await startOpenBaoBaseline('dev');
  const mounted = await vaultCall(openbao, 'POST', `sys/mounts/${KV_MOUNT}`, { type: 'kv', options: { version: '2' } });
  assert.equal(mounted.status, 204, mounted.text);
});

after(async () => {
  await strongroom?.close();
  await openbao?.stop();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  figures['crashes'] = crashes.length;
  figures['seed'] = SEED;
  fs.rmSync(root, { recursive: true, force: true });
  recordFigures(import.meta.url, figures);
});

function summarise(prefix: string, tally: FuzzTally): void {
  figures[`${prefix}_requests`] = tally.requests;
  figures[`${prefix}_invalid_envelopes`] = tally.invalidEnvelopes.length;
  figures[`${prefix}_unanswered`] = tally.unanswered.length;
  figures[`${prefix}_refused_writes_checked`] = tally.refusedWrites;
  figures[`${prefix}_refused_but_written`] = tally.refusedButWritten.length;
  figures[`${prefix}_5xx`] = tally.serverErrors.slice(0, 10).join(' | ');
  figures[`${prefix}_statuses`] = [...tally.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ');
}

function assertClean(tally: FuzzTally): void {
  assert.deepEqual(missingKinds(tally), [], 'every generator is reached');
  assert.deepEqual(tally.unanswered.slice(0, 20), [], 'every request is answered');
  assert.deepEqual(tally.invalidEnvelopes.slice(0, 20), [], 'every answer is a valid Vault envelope');
  assert.deepEqual(tally.refusedButWritten.slice(0, 20), [], 'no refused request changes the KV mount');
  assert.ok(tally.refusedWrites > 0, 'refused writes were checked');
}

test(`${STRONGROOM_RUNS} generated requests against Strongroom: all answered, valid envelopes, nothing written on refusal`, { timeout: 1_800_000 }, async () => {
  assert.ok(strongroom !== undefined);
  const tally = await fuzzVaultApi({ url: strongroom.url, token: strongroom.token, kvMount: KV_MOUNT, envelope: { allowEmptySegmentRedirect: true } }, STRONGROOM_RUNS, SEED);
  summarise('strongroom', tally);
  figures['fuzz_cases'] = tally.requests;
  assertClean(tally);
  const health = await vaultCall({ url: strongroom.url }, 'GET', 'sys/health');
  assert.equal(health.status, 200, 'still answering a health check');
  assert.deepEqual(crashes, [], 'no uncaught error in the server');
});

test(`the envelope checker accepts all of OpenBao's answers to ${OPENBAO_RUNS} generated requests`, { timeout: 900_000 }, async () => {
  assert.ok(openbao !== undefined);
  const tally = await fuzzVaultApi({ url: openbao.url, token: openbao.token, kvMount: KV_MOUNT, envelope: OPENBAO_QUIRKS }, OPENBAO_RUNS, SEED);
  summarise('openbao', tally);
  assertClean(tally);
  const health = await vaultCall({ url: openbao.url }, 'GET', 'sys/health');
  assert.equal(health.status, 200);
});
