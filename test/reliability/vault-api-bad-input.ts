/**
 * The Vault HTTP API's bad inputs (issue 19, item 7) as a table: each kind is one raw request,
 * the statuses it may be answered with, and (for all of them) a Vault error envelope whose
 * message says what to do (`unclearReason`), with the KV mount and the mount table unchanged.
 * Slow clients and the sealed store need more than one request and live in the test file.
 */
import { unclearReason } from './bad-input';
import type { WireRequest, WireReply } from './vault-api-wire';

export interface ApiHost {
  url: string;
  token: string;
  /** A KV v2 mount, without slashes. */
  kvMount: string;
}

export interface ApiBadInput {
  kind: string;
  request(host: ApiHost): WireRequest;
  /** Statuses that are right (more than one where Vault's and the HTTP spec's both are). */
  statuses: readonly number[];
  /**
   * A known defect of the server, not yet fixed: the kind is still sent and its outcome recorded
   * (`known_issues` in the figures), but it does not fail the run. Remove it with the fix.
   */
  knownIssue?: string;
}

const MiB = 1024 * 1024;
const json = (token: string): Array<[string, string]> => [['X-Vault-Token', token], ['Content-Type', 'application/json']];
const write = (host: ApiHost, body: Buffer, key = 'bad-input'): WireRequest => ({ method: 'POST', target: `/v1/${host.kvMount}/data/${key}`, headers: json(host.token), body });

export const apiBadInputs: readonly ApiBadInput[] = [
  { kind: 'malformed JSON body', statuses: [400], request: (h) => write(h, Buffer.from('{"data": {"a": 1,')) },
  { kind: 'JSON body that is not an object', statuses: [400], request: (h) => write(h, Buffer.from('["data"]')) },
  { kind: 'JSON with a trailing second value', statuses: [400], request: (h) => write(h, Buffer.from('{"data":{"a":"1"}} {"data":{}}')) },
  {
    kind: 'invalid UTF-8 inside a JSON string',
    statuses: [400],
    request: (h) => write(h, Buffer.concat([Buffer.from('{"data":{"a":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}}')])),
  },
  {
    kind: 'JSON nested 100,000 deep',
    statuses: [400],
    request: (h) => write(h, Buffer.from(`{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)) },
  {
    kind: 'body over 32 MiB (33 MiB of JSON)',
    statuses: [413],
    request: (h) => write(h, Buffer.concat([Buffer.from('{"data":{"a":"'), Buffer.alloc(33 * MiB, 0x61), Buffer.from('"}}')])),
  },
  {
    kind: 'header flood: one 64 KiB header',
    statuses: [431, 400],
    request: (h) => ({ method: 'GET', target: `/v1/${h.kvMount}/data/a`, headers: [['X-Vault-Token', h.token], ['X-Flood', 'x'.repeat(64 * 1024)]] }),
  },
  {
    kind: 'header flood: 5,000 header lines',
    statuses: [431, 400],
    request: (h) => ({
      method: 'GET',
      target: `/v1/${h.kvMount}/data/a`,
      headers: [['X-Vault-Token', h.token], ...Array.from({ length: 5000 }, (_, i): [string, string] => [`X-Flood-${i}`, 'y'])],
    }),
  },
  { kind: 'path with ..', statuses: [400], request: (h) => ({ method: 'GET', target: `/v1/${h.kvMount}/data/../../sys/mounts`, headers: [['X-Vault-Token', h.token]] }) },
  { kind: 'path with %2e%2e', statuses: [400], request: (h) => ({ method: 'GET', target: `/v1/${h.kvMount}/%2e%2e/sys/mounts`, headers: [['X-Vault-Token', h.token]] }) },
  { kind: 'path with an encoded slash and ..', statuses: [400], request: (h) => write(h, Buffer.from('{"data":{"a":"1"}}'), 'x%2f..%2f..%2fescape') },
  { kind: 'path with a NUL byte', statuses: [400], request: (h) => write(h, Buffer.from('{"data":{"a":"1"}}'), 'nul%00key') },
  { kind: 'wrong method (TRACE)', statuses: [405], request: (h) => ({ method: 'TRACE', target: `/v1/${h.kvMount}/data/a`, headers: [['X-Vault-Token', h.token]] }) },
  {
    kind: 'unknown method (FROB)',
    statuses: [405],
    request: (h) => ({ method: 'FROB', target: `/v1/${h.kvMount}/data/a`, headers: [['X-Vault-Token', h.token]] }) },
  {
    kind: 'PATCH without application/merge-patch+json',
    statuses: [415],
    request: (h) => ({ method: 'PATCH', target: `/v1/${h.kvMount}/data/a`, headers: json(h.token), body: Buffer.from('{"data":{"a":"2"}}') }),
  },
  { kind: 'unknown mount', statuses: [404, 400], request: (h) => ({ method: 'POST', target: '/v1/no-such-mount/x', headers: json(h.token), body: Buffer.from('{"a":"1"}') }) },
  { kind: 'token in the query string', statuses: [400, 403], request: (h) => ({ method: 'POST', target: `/v1/${h.kvMount}/data/a?token=${h.token}`, headers: [['Content-Type', 'application/json']], body: Buffer.from('{"data":{"a":"q"}}') }) },
  { kind: 'no token', statuses: [403], request: (h) => write({ ...h, token: '' }, Buffer.from('{"data":{"a":"1"}}')) },
  { kind: 'wrong token', statuses: [403], request: (h) => write({ ...h, token: `${h.token.slice(0, -1)}x` }, Buffer.from('{"data":{"a":"1"}}')) },
  {
    kind: 'foreign Host header (DNS rebinding)',
    statuses: [403, 421, 400],
    request: (h) => ({ method: 'POST', target: `/v1/${h.kvMount}/data/a`, headers: [['Host', `rebind.example:${new URL(h.url).port}`], ...json(h.token)], body: Buffer.from('{"data":{"a":"h"}}') }),
  },
];

/** The error messages of a Vault error answer, or why it is not one. */
export function vaultErrors(reply: WireReply): { errors: string[] } | { problem: string } {
  if (reply.headers['content-type'] !== 'application/json') return { problem: `Content-Type ${JSON.stringify(reply.headers['content-type'])}` };
  try {
    const parsed = JSON.parse(reply.body.toString('utf8')) as { errors?: unknown };
    if (!Array.isArray(parsed.errors) || !parsed.errors.every((e) => typeof e === 'string')) return { problem: `no errors array: ${reply.body.toString('utf8').slice(0, 200)}` };
    return { errors: parsed.errors as string[] };
  } catch {
    return { problem: `not JSON: ${reply.body.toString('utf8').slice(0, 200)}` };
  }
}

/** `unclearReason` of the contract's bad-input suite, read on a Vault error's messages. */
export function unclearVaultError(status: number, errors: readonly string[]): string | undefined {
  return unclearReason({ code: `http_${status}` as never, message: errors.join('; ') });
}
