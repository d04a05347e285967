/**
 * node-vault (npm) against Strongroom and against OpenBao, answer for answer: init/unseal, health,
 * mounts, the catalog, KV v1 and v2 (LIST and `GET ?list=1`, merge-patch PATCH), leases, tokens,
 * response wrapping, errors. An answer is `{ok: body}`, or `{error: {status, message, body}}` for what node-vault
 * rejects with (its ApiResponseError carries the status and the body).
 */
import assert from 'node:assert/strict';
import NodeVault from 'node-vault';
import { clientSuite, type ClientStep, type Session } from './support/client-suite';
import { copyKvPlugin, KV_PLUGIN_COMMAND, KV_PLUGIN_NAME, kvPluginSha256 } from './support/kv-plugin';

interface Use {
  /** Default the session's root token; null sends none. */
  token?: string | null | ((session: Session) => string);
  /** node-vault's `noCustomHTTPVerbs`: LIST becomes `GET ?list=1`. */
  noCustomHTTPVerbs?: boolean;
}

type NodeVaultAnswer = { ok: unknown } | { error: { status: number | null; message: string; body: unknown } };

async function nv(session: Session, use: Use, action: (client: NodeVault.client) => Promise<unknown>): Promise<NodeVaultAnswer> {
  const token = use.token === undefined ? session.get('root_token') : typeof use.token === 'function' ? use.token(session) : use.token;
  const client = NodeVault({
    endpoint: session.host.addr,
    ...(token === null ? {} : { token }),
    noCustomHTTPVerbs: use.noCustomHTTPVerbs ?? false,
    requestOptions: { timeout: 60_000 },
  });
  try {
    return { ok: await action(client) };
  } catch (error) {
    const response = (error as { response?: { statusCode?: number; body?: unknown } }).response;
    return { error: { status: response?.statusCode ?? null, message: (error as Error).message, body: response?.body ?? null } };
  }
}

const step = (action: (client: NodeVault.client, session: Session) => Promise<unknown>, use: Use = {}) => (session: Session) =>
  nv(session, use, (client) => action(client, session));

const succeeds = (answer: unknown) => assert.ok(answer !== null && typeof answer === 'object' && 'ok' in answer, 'node-vault rejected');
const status = (code: number) => (answer: unknown) => assert.equal((answer as { error?: { status: number } }).error?.status, code);
const okOf = (answer: NodeVaultAnswer) => ('ok' in answer ? (answer.ok as Record<string, unknown> | undefined) : undefined);
const child = (s: Session) => s.get('child_token');

const initAndUnseal: ClientStep[] = [
  { name: 'initialized before init', run: step((c) => c.initialized(), { token: null }), expect: (a) => assert.deepEqual(a, { ok: { initialized: false } }) },
  {
    name: 'init',
    run: async (s) => {
      const answer = await nv(s, { token: null }, (c) => c.init({ secret_shares: 1, secret_threshold: 1 }));
      const out = okOf(answer);
      s.save('unseal_key', (out?.keys_base64 as unknown[] | undefined)?.[0]);
      s.save('unseal_key_hex', (out?.keys as unknown[] | undefined)?.[0]);
      s.save('root_token', out?.root_token);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'status when sealed', run: step((c) => c.status(), { token: null }), expect: succeeds },
  { name: 'health when sealed', run: step((c) => c.health(), { token: null }), expect: succeeds },
  { name: 'unseal', run: step((c, s) => c.unseal({ key: s.get('unseal_key'), secret_shares: 1 }), { token: null }), expect: succeeds },
  { name: 'health', run: step((c) => c.health(), { token: null }), expect: succeeds },
];

const catalogAndMounts: ClientStep[] = [
  {
    name: 'register a plugin',
    run: async (s) => {
      const sha256 = await kvPluginSha256();
      return nv(s, {}, (c) => c.write(`sys/plugins/catalog/secret/${KV_PLUGIN_NAME}`, { sha256, command: KV_PLUGIN_COMMAND }));
    },
    expect: succeeds,
  },
  { name: 'read the catalog entry', run: step((c) => c.read(`sys/plugins/catalog/secret/${KV_PLUGIN_NAME}`)), expect: succeeds },
  { name: 'mount kv v1', run: step((c) => c.mount({ mount_point: 'nv1', type: 'kv', options: { version: '1' } })), expect: succeeds },
  { name: 'mount kv v2', run: step((c) => c.mount({ mount_point: 'nv2', type: 'kv', options: { version: '2' } })), expect: succeeds },
  { name: 'mount a registered plugin', run: step((c) => c.mount({ mount_point: 'leased', type: KV_PLUGIN_NAME })), expect: succeeds },
  {
    name: 'mounts',
    run: async (s) => {
      const answer = await nv(s, {}, (c) => c.mounts());
      const data = okOf(answer)?.data as Record<string, unknown> | undefined;
      return { paths: Object.keys(data ?? {}).sort(), nv2: data?.['nv2/'], top: okOf(answer)?.['nv2/'] };
    },
    expect: (a) => assert.ok((a as { nv2?: unknown }).nv2 !== undefined),
  },
  { name: 'remount', run: step((c) => c.remount({ from: 'leased', to: 'leased2' })), expect: succeeds },
  { name: 'remount back', run: step((c) => c.remount({ from: 'leased2', to: 'leased' })), expect: succeeds },
  { name: 'mount and unmount scratch', run: step(async (c) => [await c.mount({ mount_point: 'scratch', type: 'kv' }), await c.unmount({ mount_point: 'scratch' })]), expect: succeeds },
];

const kv: ClientStep[] = [
  { name: 'kv v1 write', run: step((c) => c.write('nv1/app', { user: 'alice' })), expect: succeeds },
  { name: 'kv v1 read', run: step((c) => c.read('nv1/app')), expect: succeeds },
  { name: 'kv v1 list (LIST)', run: step((c) => c.list('nv1/')), expect: succeeds },
  { name: 'kv v1 list (GET ?list=1)', run: step((c) => c.list('nv1/'), { noCustomHTTPVerbs: true }), expect: succeeds },
  { name: 'kv v1 delete', run: step((c) => c.delete('nv1/app')), expect: succeeds },
  { name: 'kv v1 read a deleted key', run: step((c) => c.read('nv1/app')), expect: status(404) },
  { name: 'kv v1 list with no keys', run: step((c) => c.list('nv1/')), expect: status(404) },
  { name: 'kv v2 write', run: step((c) => c.write('nv2/data/app', { data: { password: 'one' } })), expect: succeeds },
  { name: 'kv v2 write with options.cas', run: step((c) => c.write('nv2/data/app', { options: { cas: 1 }, data: { password: 'two' } })), expect: succeeds },
  { name: 'kv v2 read', run: step((c) => c.read('nv2/data/app')), expect: succeeds },
  { name: 'kv v2 read ?version=1', run: step((c) => c.read('nv2/data/app?version=1')), expect: succeeds },
  { name: 'kv v2 update (merge-patch PATCH)', run: step((c) => c.update('nv2/data/app', { data: { extra: 'x' } })), expect: succeeds },
  { name: 'kv v2 list metadata', run: step((c) => c.list('nv2/metadata/')), expect: succeeds },
  { name: 'kv v2 delete latest', run: step((c) => c.delete('nv2/data/app')), expect: succeeds },
  { name: 'kv v2 read soft-deleted', run: step((c) => c.read('nv2/data/app')), expect: status(404) },
  { name: 'kv v2 undelete', run: step((c) => c.write('nv2/undelete/app', { versions: [3] })), expect: succeeds },
  { name: 'kv v2 destroy', run: step((c) => c.write('nv2/destroy/app', { versions: [1] })), expect: succeeds },
  { name: 'kv v2 metadata write', run: step((c) => c.write('nv2/metadata/app', { max_versions: 5, custom_metadata: { owner: 'me' } })), expect: succeeds },
  { name: 'kv v2 metadata read', run: step((c) => c.read('nv2/metadata/app')), expect: succeeds },
  { name: 'kv v2 metadata delete', run: step((c) => c.delete('nv2/metadata/app')), expect: succeeds },
  { name: 'kv v2 read after metadata delete', run: step((c) => c.read('nv2/data/app')), expect: status(404) },
];

const leases: ClientStep[] = [
  { name: 'write a secret with a ttl', run: step((c) => c.write('leased/s', { value: '1', ttl: '1h' })), expect: succeeds },
  {
    name: 'read a leased secret',
    run: async (s) => {
      const answer = await nv(s, {}, (c) => c.read('leased/s'));
      s.save('lease_id', okOf(answer)?.lease_id);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'lease lookup', run: step((c, s) => c.write('sys/leases/lookup', { lease_id: s.get('lease_id') })), expect: succeeds },
  { name: 'renew (not renewable)', run: step((c, s) => c.renew({ lease_id: s.get('lease_id'), increment: 60 })), expect: status(400) },
  { name: 'revoke (the plugin refuses)', run: step((c, s) => c.revoke({ lease_id: s.get('lease_id') })), expect: status(400) },
  { name: 'revoke-force', run: step((c) => c.write('sys/leases/revoke-force/leased/s', {})), expect: succeeds },
  { name: 'lease lookup after revoke-force', run: step((c, s) => c.write('sys/leases/lookup', { lease_id: s.get('lease_id') })), expect: status(400) },
  // KV's leased passthrough: renewable leases whose revocation the plugin accepts.
  { name: 'mount a leased passthrough kv', run: step((c) => c.mount({ mount_point: 'renewable', type: KV_PLUGIN_NAME, options: { leased_passthrough: 'true' } })), expect: succeeds },
  { name: 'write a renewable secret', run: step((c) => c.write('renewable/db', { value: '1', ttl: '1h' })), expect: succeeds },
  ...(['renewable_lease', 'second_lease'] as const).map(
    (name): ClientStep => ({
      name: `read a renewable secret (${name})`,
      run: async (s) => {
        const answer = await nv(s, {}, (c) => c.read('renewable/db'));
        s.save(name, okOf(answer)?.lease_id);
        return answer;
      },
      expect: (answer) => {
        succeeds(answer);
        assert.equal(okOf(answer as NodeVaultAnswer)?.renewable, true);
      },
    }),
  ),
  { name: 'renew (renewable)', run: step((c, s) => c.renew({ lease_id: s.get('renewable_lease'), increment: 1800 })), expect: succeeds },
  { name: 'revoke (renewable)', run: step((c, s) => c.revoke({ lease_id: s.get('renewable_lease') })), expect: succeeds },
  { name: 'lease lookup after revoke', run: step((c, s) => c.write('sys/leases/lookup', { lease_id: s.get('renewable_lease') })), expect: status(400) },
  { name: 'revoke-prefix', run: step((c) => c.write('sys/leases/revoke-prefix/renewable', {})), expect: succeeds },
  { name: 'lease lookup after revoke-prefix', run: step((c, s) => c.write('sys/leases/lookup', { lease_id: s.get('second_lease') })), expect: status(400) },
];

const tokens: ClientStep[] = [
  {
    name: 'tokenCreate',
    run: async (s) => {
      const answer = await nv(s, {}, (c) => c.tokenCreate({ ttl: '1h', explicit_max_ttl: '2h', display_name: 'app', renewable: true }));
      s.save('child_token', (okOf(answer)?.auth as Record<string, unknown> | undefined)?.client_token);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'tokenLookup', run: step((c, s) => c.tokenLookup({ token: child(s) })), expect: succeeds },
  { name: 'tokenLookupSelf (child)', run: step((c) => c.tokenLookupSelf(), { token: child }), expect: succeeds },
  { name: 'tokenRenew', run: step((c, s) => c.tokenRenew({ token: child(s), increment: '30m' })), expect: succeeds },
  { name: 'tokenRenewSelf (child)', run: step((c) => c.tokenRenewSelf(), { token: child }), expect: succeeds },
  { name: 'tokenRevokeSelf (child)', run: step((c) => c.tokenRevokeSelf(), { token: child }), expect: succeeds },
  { name: 'tokenLookupSelf after revoke', run: step((c) => c.tokenLookupSelf(), { token: child }), expect: status(403) },
];

const wrappingTokenOf = (answer: NodeVaultAnswer) => (okOf(answer)?.wrap_info as Record<string, unknown> | undefined)?.token;

const wrapping: ClientStep[] = [
  { name: 'kv v1 write for wrapping', run: step((c) => c.write('nv1/wrapped', { user: 'w' })), expect: succeeds },
  {
    name: 'read with X-Vault-Wrap-TTL',
    run: async (s) => {
      const answer = await nv(s, {}, (c) => c.read('nv1/wrapped', { headers: { 'X-Vault-Wrap-TTL': '5m' } }));
      s.save('wrapping_token', wrappingTokenOf(answer));
      return answer;
    },
    expect: succeeds,
  },
  { name: 'unwrap', run: step((c, s) => c.unwrap({ token: s.get('wrapping_token') })), expect: succeeds },
  { name: 'unwrap the same token again', run: step((c, s) => c.unwrap({ token: s.get('wrapping_token') })), expect: status(400) },
  { name: 'unwrap a token that is not a wrapping token', run: step((c, s) => c.unwrap({ token: s.get('root_token') })), expect: status(400) },
];

const errors: ClientStep[] = [
  { name: 'no token', run: step((c) => c.read('nv2/data/app'), { token: null }), expect: status(403) },
  { name: 'a wrong token', run: step((c) => c.read('nv2/data/app'), { token: 's.wrongwrongwrongwrongwron' }), expect: status(403) },
  { name: 'an unknown mount', run: step((c) => c.read('nosuch/app')), expect: status(404) },
  { name: 'a missing key', run: step((c) => c.read('nv2/data/missing')), expect: status(404) },
  { name: 'PATCH on KV v1 (unsupported operation)', run: step((c) => c.update('nv1/app', { a: 1 })), expect: status(405) },
  { name: 'mount a taken path', run: step((c) => c.mount({ mount_point: 'nv1', type: 'kv' })), expect: status(400) },
  { name: 'seal', run: step((c) => c.seal()), expect: succeeds },
  { name: 'read when sealed', run: step((c) => c.read('nv2/data/app')), expect: status(503) },
  { name: 'unseal again', run: step((c, s) => c.unseal({ key: s.get('unseal_key') }), { token: null }), expect: succeeds },
];

clientSuite('node-vault', [...initAndUnseal, ...catalogAndMounts, ...kv, ...leases, ...tokens, ...wrapping, ...errors], { prepare: copyKvPlugin });
