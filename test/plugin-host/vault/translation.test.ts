import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Response as ProtoResponse } from '../../../plugin-host/gen/pb/backend';
import { HandleRequestArgs } from '../../../plugin-host/gen/pb/backend';
import {
  fromProtoResponse,
  pluginEnvReply,
  replyError,
  toProtoRequest,
  toSetupArgs,
  ttlReply,
} from '../../../plugin-host/vault/translation';
import { secondsToNanos } from '../../../proto/wire/go-time';

const baseResponse = (): ProtoResponse => ({
  secret: undefined,
  auth: undefined,
  data: 'null',
  redirect: '',
  warnings: [],
  wrap_info: undefined,
  headers: new Map(),
  mount_type: '',
});

test('request data is JSON text, never an empty string', () => {
  const withData = toProtoRequest({ id: 'r1', operation: 'update', path: 'a/b', mountPoint: 'kv/', data: { x: 1 } });
  assert.equal(withData.data, '{"x":1}');
  const without = toProtoRequest({ id: 'r2', operation: 'read', path: 'a', mountPoint: 'kv/' });
  assert.equal(without.data, 'null');
  assert.equal(without.mount_point, 'kv/');
});

test('a request survives the wire: encode, decode, same fields', () => {
  const request = toProtoRequest({
    id: 'r3',
    operation: 'renew',
    path: 'creds/x',
    mountPoint: 'db/',
    headers: { 'X-Trace': ['1', '2'] },
    secret: {
      leaseId: 'db/creds/x/abc',
      internalData: { role: 'x' },
      lease: { ttlNs: secondsToNanos(3600), ttlSeconds: 3600, maxTtlNs: 0n, incrementNs: 60n * 1_000_000_000n, renewable: true, issueTime: new Date('2026-01-02T03:04:05.678Z') },
    },
  });
  const decoded = HandleRequestArgs.decode(HandleRequestArgs.encode({ storage_id: 0, request }).finish()).request;
  assert.equal(decoded?.operation, 'renew');
  assert.deepEqual(decoded?.headers.get('X-Trace')?.header, ['1', '2']);
  assert.equal(decoded?.secret?.lease_options?.TTL, 3_600_000_000_000n);
  assert.equal(decoded?.secret?.lease_options?.issue_time?.seconds, BigInt(Date.parse('2026-01-02T03:04:05Z') / 1000));
  assert.equal(decoded?.secret?.lease_options?.issue_time?.nanos, 678_000_000);
  assert.equal(decoded?.secret?.internal_data, '{"role":"x"}');
});

test('a lease without issue time is sent as Go\'s zero time, not left out', () => {
  const request = toProtoRequest({
    id: 'r4', operation: 'revoke', path: 'p', mountPoint: 'm/',
    secret: { leaseId: 'l', internalData: null, lease: { ttlNs: 0n, ttlSeconds: 0, maxTtlNs: 0n, incrementNs: 0n, renewable: false, issueTime: undefined } },
  });
  assert.deepEqual(request.secret?.lease_options?.issue_time, { seconds: -62135596800n, nanos: 0 });
  assert.equal(request.secret?.internal_data, 'null');
});

test('response: JSON data, lease in seconds and exact nanoseconds, headers', () => {
  const oneYearNs = 365n * 24n * 3600n * 1_000_000_000n + 1n; // beyond 2^53: must stay exact
  const response = fromProtoResponse({
    ...baseResponse(),
    data: '{"password":"x","n":3}',
    warnings: ['careful'],
    headers: new Map([['Cache-Control', { header: ['no-store'] }]]),
    secret: {
      lease_id: '',
      internal_data: '{"k":"v"}',
      lease_options: { TTL: oneYearNs, renewable: true, increment: 0n, MaxTTL: 0n, issue_time: { seconds: -62135596800n, nanos: 0 } },
    },
  });
  assert.deepEqual(response?.data, { password: 'x', n: 3 });
  assert.deepEqual(response?.warnings, ['careful']);
  assert.deepEqual(response?.headers, { 'Cache-Control': ['no-store'] });
  assert.equal(response?.secret?.lease.ttlNs, oneYearNs);
  assert.equal(response?.secret?.lease.ttlSeconds, 365 * 24 * 3600);
  assert.equal(response?.secret?.lease.issueTime, undefined);
  assert.deepEqual(response?.secret?.internalData, { k: 'v' });
});

test('an absent response is null; data "null" is null', () => {
  assert.equal(fromProtoResponse(undefined), null);
  assert.equal(fromProtoResponse(baseResponse())?.data, null);
});

test('replyError carries the path, warnings and the plugin\'s own error (status rules: error-status.test.ts)', () => {
  const response = fromProtoResponse({ ...baseResponse(), data: '{"error":"check-and-set parameter did not match the current version"}', warnings: ['w'] });
  const error = replyError({ err_type: 7, err_msg: 'invalid request', err_code: 0n }, response, 'data/x');
  assert.equal(error?.code, 'invalid_request');
  assert.equal(error?.message, 'check-and-set parameter did not match the current version');
  assert.deepEqual(error?.detail, { httpStatus: 400, path: 'data/x', warnings: ['w'], pluginErrorType: 7, pluginMessage: 'invalid request' });
  assert.equal(replyError(undefined, fromProtoResponse({ ...baseResponse(), data: '{"a":1}' }), 'p'), undefined);
});

test('setup config, TTLs in nanoseconds, plugin environment always populated', () => {
  const setup = toSetupArgs(3, { plugin_name: 'kv', version: '2' }, 'uuid-1');
  assert.equal(setup.broker_id, 3);
  assert.equal(setup.Config.get('version'), '2');
  assert.equal(ttlReply(60).TTL, 60_000_000_000n);
  const env = pluginEnvReply('1.21.0-beta1+ent');
  assert.deepEqual(
    [env.plugin_environment?.vault_version, env.plugin_environment?.vault_version_prerelease, env.plugin_environment?.vault_version_metadata],
    ['1.21.0', 'beta1', 'ent'],
  );
  assert.equal(pluginEnvReply('1.21.0').plugin_environment?.vault_version, '1.21.0');
});

test("an auth plugin's Auth survives a login reply and the renewal that sends it back", () => {
  const wireAuth = {
    lease_options: { TTL: secondsToNanos(3600), renewable: true, increment: 0n, issue_time: undefined, MaxTTL: secondsToNanos(7200) },
    internal_data: '{"role":"dev"}',
    display_name: 'alice',
    policies: ['dev', 'reader'],
    metadata: new Map([['role', 'dev']]),
    client_token: '',
    accessor: '',
    period: 0n,
    num_uses: 3n,
    entity_id: '',
    alias: { mount_type: 'jwt', mount_accessor: 'auth_jwt_1', name: 'alice', metadata: new Map([['k', 'v']]), ID: '', namespace_id: '', custom_metadata: new Map(), local: false, external_id: '', issuer: 'me' },
    group_aliases: [],
    bound_cidrs: [],
    token_policies: ['dev', 'reader'],
    identity_policies: [],
    explicit_max_ttl: secondsToNanos(9000),
    token_type: 0,
    no_default_policy: false,
  };
  const response = fromProtoResponse({ ...baseResponse(), auth: wireAuth });
  const auth = response?.auth;
  assert.ok(auth !== undefined);
  assert.equal(auth.lease.ttlSeconds, 3600);
  assert.deepEqual(auth.internalData, { role: 'dev' });
  assert.deepEqual(auth.metadata, { role: 'dev' });
  assert.equal(auth.alias?.name, 'alice');
  assert.equal(auth.numUses, 3);
  const request = toProtoRequest({ id: 'r9', operation: 'renew', path: 'login', mountPoint: 'auth/jwt/', auth: { ...auth, accessor: 'acc' } });
  const decoded = HandleRequestArgs.decode(HandleRequestArgs.encode({ storage_id: 0, request }).finish()).request?.auth;
  assert.equal(decoded?.internal_data, '{"role":"dev"}');
  assert.deepEqual(decoded?.token_policies, ['dev', 'reader']);
  assert.equal(decoded?.alias?.issuer, 'me');
  assert.equal(decoded?.alias?.metadata.get('k'), 'v');
  assert.equal(decoded?.explicit_max_ttl, secondsToNanos(9000));
  assert.equal(decoded?.accessor, 'acc');
  // The token id never leaves the host.
  assert.equal(decoded?.client_token, '');
});
