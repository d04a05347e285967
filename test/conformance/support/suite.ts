/**
 * One conformance suite: an engine's steps, each one request sent to Strongroom and to OpenBao
 * (same binary), answered alike field by field unless the README's table lists the difference,
 * and then checked on its own terms (`check`: openssl, ssh-keygen, a local TOTP code…).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compareReplies, type FieldPatterns } from './compare';
import { startHosts, type EngineSetup, type HostName, type HostReply, type Hosts, type StepOperation } from './hosts';
import { knownDifferences } from './known-differences';

/** The replies one host gave so far, by step name: later steps build on the host's own earlier answers. */
export type History = ReadonlyMap<string, HostReply>;

export interface Step {
  name: string;
  operation: StepOperation;
  /** Under `mount`. */
  path: string | ((history: History) => string);
  /** Default: the engine's first mount; `sys` is the host's system backend. */
  mount?: string;
  body?: Record<string, unknown> | ((history: History) => Record<string, unknown>);
  /** Fields compared by shape only (see `compare.ts`). */
  random?: FieldPatterns;
  /** The status OpenBao must answer (guards the step itself). Default: below 300. */
  status?: number;
  /** Independent checks of each host's answer. */
  check?: (reply: HostReply, host: HostName, history: History) => void | Promise<void>;
}

/** `history.get(step)` that fails clearly when the step is missing or had no data. */
export function dataOf(history: History, step: string): Record<string, unknown> {
  const data = history.get(step)?.data;
  if (data == null) throw new Error(`step "${step}" has no data to build on`);
  return data;
}

export function conformanceSuite(engine: string, setup: EngineSetup, steps: readonly Step[]): void {
  const known = knownDifferences().filter((row) => row.engine === engine);
  for (const row of known) {
    if (!steps.some((step) => step.name === row.step)) throw new Error(`README differences row for ${engine} names no step: ${row.step}`);
  }

  describe(`conformance: ${engine} on Strongroom and OpenBao`, () => {
    let hosts: Hosts;
    const histories: Record<HostName, Map<string, HostReply>> = { strongroom: new Map(), openbao: new Map() };
    before(async () => {
      hosts = await startHosts(setup);
    });
    after(async () => {
      await hosts?.close();
    });

    for (const step of steps) {
      test(step.name, async () => {
        const replies = {} as Record<HostName, HostReply>;
        for (const host of ['openbao', 'strongroom'] as const) {
          const history = histories[host];
          const apiPath = typeof step.path === 'function' ? step.path(history) : step.path;
          const body = typeof step.body === 'function' ? step.body(history) : step.body;
          replies[host] = await hosts.send(host, step.operation, `${step.mount ?? setup.mounts[0]}/${apiPath}`, body);
          history.set(step.name, replies[host]);
        }
        const shown = JSON.stringify(replies, null, 1);
        if (step.status === undefined) assert.ok(replies.openbao.status < 300, `OpenBao refused the step itself: ${shown}`);
        else assert.equal(replies.openbao.status, step.status, `OpenBao's status: ${shown}`);

        const differing = [...new Set(compareReplies(replies.strongroom, replies.openbao, step.random ?? []))].sort();
        const row = known.find((entry) => entry.step === step.name);
        if (row === undefined) {
          assert.deepEqual(differing, [], `Strongroom differs from OpenBao in ${differing.join(', ')}: ${shown}`);
        } else {
          assert.deepEqual(differing, row.fields, `the README's row for "${step.name}" (${row.why}) no longer matches: ${shown}`);
        }
        for (const host of ['openbao', 'strongroom'] as const) {
          if (replies[host].errors === null || step.status !== undefined) await step.check?.(replies[host], host, histories[host]);
        }
      });
    }
  });
}
