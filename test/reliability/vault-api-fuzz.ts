/**
 * The Vault HTTP API fuzz loop, host-agnostic: generated raw requests (`vault-api-arbitraries`)
 * sent one at a time, each answer checked against Vault's envelope (`vault-envelope`), and around
 * every refused request that could write (any method but GET/HEAD/LIST/HELP/OPTIONS) the KV
 * mount's fingerprint compared before and after. Problems are collected, not thrown, so fast-check
 * does not shrink and re-send: the caller asserts on the tally.
 */
import fc from 'fast-check';
import { vaultRequest, type FuzzTarget } from './vault-api-arbitraries';
import { sendRaw } from './vault-api-wire';
import { envelopeProblem, type EnvelopeOptions } from './vault-envelope';
import { kvFingerprint } from './vault-kv-fingerprint';

export interface FuzzHost extends FuzzTarget {
  url: string;
  envelope?: EnvelopeOptions;
}

export interface FuzzTally {
  requests: number;
  /** Requests without an HTTP answer (connection closed or reset, timeout). */
  unanswered: string[];
  invalidEnvelopes: string[];
  /** Refused requests after which the KV mount's contents differed. */
  refusedButWritten: string[];
  refusedWrites: number;
  /** How often each generator kind was drawn. */
  kinds: Map<string, number>;
  /** Requests answered 5xx (a user's error must never be one: clients retry them), with the answer. */
  serverErrors: string[];
  /** Answers by status. */
  statuses: Map<number, number>;
}

const READ_ONLY = new Set(['GET', 'HEAD', 'LIST', 'HELP', 'OPTIONS']);

const describe = (method: string, target: string, extra: string) => `${method} ${target.slice(0, 160)} → ${extra}`;

export async function fuzzVaultApi(host: FuzzHost, runs: number, seed?: number): Promise<FuzzTally> {
  const tally: FuzzTally = { requests: 0, unanswered: [], invalidEnvelopes: [], refusedButWritten: [], refusedWrites: 0, serverErrors: [], kinds: new Map(), statuses: new Map() };
  /** The fingerprint as of the last answer that cannot have written (undefined: read it again). */
  let known: string | undefined;
  await fc.assert(
    fc.asyncProperty(vaultRequest(host), async (request) => {
      const { method, target } = request.wire;
      tally.requests += 1;
      for (const kind of request.kinds) tally.kinds.set(kind, (tally.kinds.get(kind) ?? 0) + 1);
      const mayWrite = !READ_ONLY.has(method);
      const before = mayWrite ? (known ?? (await kvFingerprint(host.url, host.token, host.kvMount))) : undefined;
      let reply;
      try {
        reply = await sendRaw(host.url, request.wire);
      } catch (error) {
        tally.unanswered.push(describe(method, target, (error as Error).message));
        known = undefined;
        return;
      }
      tally.statuses.set(reply.status, (tally.statuses.get(reply.status) ?? 0) + 1);
      if (reply.status >= 500) tally.serverErrors.push(describe(method, target, `${reply.status} ${reply.body.toString('utf8').slice(0, 200)}`));
      const problem = envelopeProblem(method, target, reply, host.envelope);
      if (problem !== undefined) tally.invalidEnvelopes.push(describe(method, target, `${reply.status}: ${problem}`));
      if (reply.status >= 400 && before !== undefined) {
        tally.refusedWrites += 1;
        const after = await kvFingerprint(host.url, host.token, host.kvMount);
        if (after !== before) tally.refusedButWritten.push(describe(method, target, `${reply.status} ${reply.body.toString('utf8').slice(0, 160)}`));
        known = after;
      } else if (reply.status < 400 && mayWrite) {
        known = undefined;
      }
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  );
  return tally;
}

/** Generator kinds every run must reach (bounded runs included), one per arbitrary of each family. */
export const REQUIRED_KINDS = [
  'path:kv', 'path:kv-root', 'path:sys', 'path:sys-random', 'path:unknown', 'path:traversal',
  'query:none', 'query:vault', 'query:token', 'query:health', 'query:random',
  'token:header', 'token:bearer', 'token:invalid', 'token:partial', 'token:empty', 'token:missing', 'token:query-only',
  'body:none', 'body:vault-json', 'body:kv-write', 'body:malformed-json', 'body:invalid-utf8', 'body:huge-number',
  'body:deep-nesting', 'body:not-an-object', 'body:binary',
  'content-type:application/json', 'content-type:none', 'content-type:application/merge-patch+json',
  'method:GET', 'method:PUT', 'method:POST', 'method:DELETE', 'method:LIST', 'method:PATCH', 'method:HEAD', 'method:HELP', 'method:OPTIONS',
];

export function missingKinds(tally: FuzzTally): string[] {
  return REQUIRED_KINDS.filter((kind) => (tally.kinds.get(kind) ?? 0) === 0);
}
