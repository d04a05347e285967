/**
 * Fuzzing with fast-check: generated contract calls through the real dispatcher of an unsealed app
 * with live plugins, a sample of them through the real headless HTTP endpoint, and generated request
 * paths through the router's mount matching. Every call must be answered with `{ok: true, result}`
 * or `{ok: false, error: {code, message}}`; nothing may throw, hang or crash the app.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { isContractErrorShape } from '../../electron/common/errors';
import { matchMount, normaliseRequestPath } from '../../electron/core/router/route-match';
import { startHeadlessServer, type HeadlessServer } from '../../electron/server/headless-server';
import { openReadyApp, type AppDriver } from './app-driver';
import { contractCall, mountPaths, requestPath } from './contract-arbitraries';
import { recordFigures } from './figures';
import { TEST_PASSPHRASE, tempDir } from './plugin-stack';
import { byMode } from './run-mode';

const DISPATCH_RUNS = byMode(5_000, 10_000);
const HTTP_RUNS = byMode(150, 600);
const ROUTER_RUNS = byMode(2_000, 10_000);
/** A call with no answer after this long counts as hung. */
const ANSWER_TIMEOUT_MS = 30_000;

const root = tempDir('srfuzz-');
let app: AppDriver;
let server: HeadlessServer;
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
const internalErrors: string[] = [];
let fuzzCases = 0;
/** How the calls were answered (`ok` or the error code): shows how deep the generators reach. */
const answers = new Map<string, number>();

before(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  app = await openReadyApp(path.join(root, 'data'));
  const rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(rendererDir);
  server = await startHeadlessServer({ services: app.services, rendererDir });
});

after(async () => {
  await server?.close();
  await app?.close();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  fs.rmSync(root, { recursive: true, force: true });
  const byCount = [...answers].sort((a, b) => b[1] - a[1]);
  recordFigures(import.meta.url, {
    fuzz_cases: fuzzCases,
    crashes: crashes.length,
    internal_errors: internalErrors.length,
    answered_ok: answers.get('ok') ?? 0,
    distinct_error_codes: byCount.filter(([code]) => code !== 'ok').length,
    answers: byCount.map(([code, count]) => `${code}:${count}`).join(' '),
  });
});

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} was not answered within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The one reply shape of the contract; internal errors are noted (they mean a handler threw something unnamed). */
function checkReply(reply: unknown, call: unknown): void {
  assert.ok(typeof reply === 'object' && reply !== null, `reply is an object for ${JSON.stringify(call)}`);
  const answer = reply as { ok?: unknown; result?: unknown; error?: unknown };
  const outcome = answer.ok === true ? 'ok' : isContractErrorShape(answer.error) ? answer.error.code : 'malformed';
  answers.set(outcome, (answers.get(outcome) ?? 0) + 1);
  if (answer.ok === true) return;
  assert.equal(answer.ok, false, `reply has ok true|false: ${JSON.stringify(reply)?.slice(0, 200)}`);
  assert.ok(isContractErrorShape(answer.error), `error is {code, message}: ${JSON.stringify(reply)?.slice(0, 200)}`);
  assert.ok(answer.error.code.length > 0 && answer.error.message.trim().length > 0, 'code and message are not empty');
  if (answer.error.code === 'internal') internalErrors.push(`${JSON.stringify(call)?.slice(0, 200)} → ${answer.error.message}`);
}

/** A fuzzed seal.seal would leave the rest of the run answering only `sealed`: unseal again. */
async function keepUnsealed(): Promise<void> {
  const status = await app.services.dispatch('seal.status', {});
  if (status.ok && (status.result as { sealed: boolean }).sealed) await app.call('seal.unseal', { passphrase: TEST_PASSPHRASE });
}

test(`${DISPATCH_RUNS} generated contract calls through the dispatcher are all answered`, { timeout: 900_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(contractCall, async (call) => {
      fuzzCases += 1;
      const reply = await withTimeout(app.services.dispatch(call.method, call.args), `dispatch(${String(call.method)})`);
      checkReply(reply, call);
      await keepUnsealed();
    }),
    { numRuns: DISPATCH_RUNS },
  );
  assert.deepEqual(internalErrors, [], 'no call ends in an unnamed internal error');
  assert.equal(crashes.length, 0);
});

test(`${HTTP_RUNS} generated calls through the headless HTTP endpoint are all answered`, { timeout: 300_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(contractCall, async (call) => {
      fuzzCases += 1;
      // JSON can't carry undefined, functions or symbols: what the wire carries is what the server sees.
      const body = JSON.stringify(call, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)) ?? '{}';
      const response = await withTimeout(fetch(`${server.url}api/invoke`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }), 'POST /api/invoke');
      assert.ok(response.status === 200 || response.status === 400, `status ${response.status}`);
      checkReply(await response.json(), call);
      await keepUnsealed();
    }),
    { numRuns: HTTP_RUNS },
  );
  assert.equal(crashes.length, 0);
});

test(`${ROUTER_RUNS} generated request paths: the router finds at most the one right mount`, () => {
  // The app refuses nested mounts, but the router's longest-prefix rule is fuzzed with them too.
  const routerMounts = [...mountPaths, 'kv/nested/', 'custom/users/admin/'];
  const mounts = new Map(routerMounts.map((mount) => [mount, mount]));
  const paths = fc.oneof(
    requestPath,
    fc.tuple(fc.constantFrom('kv/nested/', 'kv/nested', 'custom/users/admin/', 'custom/users/'), fc.string({ maxLength: 20 })).map(([prefix, rest]) => prefix + rest),
  );
  fc.assert(
    fc.property(paths, (raw) => {
      fuzzCases += 1;
      const full = normaliseRequestPath(raw);
      const match = matchMount(full, mounts);
      if (match === undefined) {
        assert.ok(routerMounts.every((mount) => !full.startsWith(mount) && `${full}/` !== mount));
        return;
      }
      // The chosen mount really is a prefix of the path (or the path is the mount itself), it is the
      // longest such mount, and the relative path is what follows it.
      const covers = (mount: string) => full.startsWith(mount) || `${full}/` === mount;
      assert.ok(covers(match.mountPath), `${full} routed to ${match.mountPath}, which does not cover it`);
      const longer = routerMounts.filter((mount) => covers(mount) && mount.length > match.mountPath.length);
      assert.deepEqual(longer, [], `${full} routed to ${match.mountPath}, but longer mounts cover it`);
      assert.equal(match.relativePath, full.startsWith(match.mountPath) ? full.slice(match.mountPath.length) : '');
    }),
    { numRuns: ROUTER_RUNS },
  );
});
