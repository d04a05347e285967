/**
 * hvac 2.4 (Python) against Strongroom and against OpenBao, answer for answer: init/unseal, health,
 * mounts, the plugin catalog (hvac has no catalog API: its generic read/write/list/delete), KV v1
 * and v2, leases, tokens, ACL policies, errors and sealing.
 */
import assert from 'node:assert/strict';
import { clientSuite, type ClientStep, type Session } from './support/client-suite';
import { HvacClient, type HvacAnswer } from './support/hvac';
import { copyKvPlugin, KV_PLUGIN_COMMAND, KV_PLUGIN_NAME, kvPluginSha256 } from './support/kv-plugin';

const clients = new WeakMap<Session, HvacClient>();

interface CallOptions {
  /** Default the session's root token; null sends none. */
  token?: string | ((session: Session) => string) | null;
}

async function call(session: Session, name: string, kwargs: Record<string, unknown> = {}, options: CallOptions = {}): Promise<HvacAnswer> {
  const client = clients.get(session);
  if (client === undefined) throw new Error(`no hvac client for host ${session.host.label}`);
  const token = options.token === undefined ? session.get('root_token') : typeof options.token === 'function' ? options.token(session) : options.token;
  return client.call(name, kwargs, token);
}

const hv =
  (name: string, kwargs: Record<string, unknown> | ((session: Session) => Record<string, unknown>) = {}, options: CallOptions = {}) =>
  (session: Session) =>
    call(session, name, typeof kwargs === 'function' ? kwargs(session) : kwargs, options);

const succeeds = (answer: unknown) => assert.ok(answer !== null && typeof answer === 'object' && 'ok' in answer, 'hvac raised');
const raises = (type: string) => (answer: unknown) => assert.equal((answer as { error?: { type: string } }).error?.type, type);
const okOf = (answer: HvacAnswer) => ('ok' in answer ? (answer.ok as Record<string, unknown>) : undefined);
const child = (s: Session) => s.get('child_token');

const initAndUnseal: ClientStep[] = [
  { name: 'is_initialized before init', run: hv('sys.is_initialized', {}, { token: null }), expect: (a) => assert.deepEqual(a, { ok: false }) },
  {
    name: 'initialize(secret_shares=1, secret_threshold=1)',
    run: async (s) => {
      const answer = await call(s, 'sys.initialize', { secret_shares: 1, secret_threshold: 1 }, { token: null });
      const out = okOf(answer);
      s.save('unseal_key', (out?.keys_base64 as unknown[] | undefined)?.[0]);
      s.save('unseal_key_hex', (out?.keys as unknown[] | undefined)?.[0]);
      s.save('root_token', out?.root_token);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'is_sealed after init', run: hv('sys.is_sealed', {}, { token: null }), expect: (a) => assert.deepEqual(a, { ok: true }) },
  { name: 'submit_unseal_key', run: (s) => call(s, 'sys.submit_unseal_key', { key: s.get('unseal_key') }, { token: null }), expect: succeeds },
  { name: 'read_seal_status', run: hv('sys.read_seal_status', {}, { token: null }), expect: succeeds },
  { name: 'read_health_status (GET)', run: hv('sys.read_health_status', { method: 'GET' }, { token: null }), expect: succeeds },
  { name: 'read_leader_status', run: hv('sys.read_leader_status', {}, { token: null }), expect: succeeds },
  { name: 'is_authenticated (root)', run: hv('is_authenticated'), expect: (a) => assert.deepEqual(a, { ok: true }) },
];

const catalog = `sys/plugins/catalog/secret/${KV_PLUGIN_NAME}`;
const catalogAndMounts: ClientStep[] = [
  { name: 'register a plugin (write_data)', run: async (s) => call(s, 'write_data', { path: catalog, data: { sha256: await kvPluginSha256(), command: KV_PLUGIN_COMMAND } }), expect: succeeds },
  { name: 'read a catalog entry', run: hv('read', { path: catalog }), expect: succeeds },
  { name: 'enable_secrets_engine kv version 1', run: hv('sys.enable_secrets_engine', { backend_type: 'kv', path: 'hv1', options: { version: '1' } }), expect: succeeds },
  { name: 'enable_secrets_engine kv version 2', run: hv('sys.enable_secrets_engine', { backend_type: 'kv', path: 'hv2', options: { version: '2' } }), expect: succeeds },
  { name: 'enable_secrets_engine a registered plugin', run: hv('sys.enable_secrets_engine', { backend_type: KV_PLUGIN_NAME, path: 'leased' }), expect: succeeds },
  {
    name: 'list_mounted_secrets_engines',
    run: async (s) => {
      const answer = await call(s, 'sys.list_mounted_secrets_engines');
      const out = okOf(answer);
      const data = out?.data as Record<string, unknown> | undefined;
      // Compared: which paths exist, and the three this suite made, at the top level and under data.
      return { paths: Object.keys(data ?? {}).sort(), top: out?.['hv2/'], data: { hv1: data?.['hv1/'], hv2: data?.['hv2/'], leased: data?.['leased/'] } };
    },
    expect: (a) => assert.ok((a as { top?: unknown }).top !== undefined, 'hv2/ is not copied to the top level'),
  },
  { name: 'read_mount_configuration', run: hv('sys.read_mount_configuration', { path: 'hv1' }), expect: succeeds },
  { name: 'tune_mount_configuration', run: hv('sys.tune_mount_configuration', { path: 'hv1', default_lease_ttl: '1h', max_lease_ttl: '2h', description: 'tuned' }), expect: succeeds },
  { name: 'read_mount_configuration after tune', run: hv('sys.read_mount_configuration', { path: 'hv1' }), expect: succeeds },
  { name: 'retrieve_mount_option version', run: hv('sys.retrieve_mount_option', { mount_point: 'hv2', option_name: 'version' }), expect: (a) => assert.deepEqual(a, { ok: '2' }) },
  { name: 'enable scratch', run: hv('sys.enable_secrets_engine', { backend_type: KV_PLUGIN_NAME, path: 'scratch' }), expect: succeeds },
  { name: 'move_backend', run: hv('sys.move_backend', { from_path: 'scratch', to_path: 'moved' }), expect: succeeds },
  { name: 'disable_secrets_engine', run: hv('sys.disable_secrets_engine', { path: 'moved' }), expect: succeeds },
  { name: 'delete a catalog entry', run: hv('delete', { path: 'sys/plugins/catalog/secret/unused-name' }), expect: succeeds },
];

const kvV1: ClientStep[] = [
  { name: 'kv v1 create_or_update_secret', run: hv('secrets.kv.v1.create_or_update_secret', { path: 'app', secret: { user: 'alice' }, mount_point: 'hv1' }), expect: succeeds },
  { name: 'kv v1 read_secret', run: hv('secrets.kv.v1.read_secret', { path: 'app', mount_point: 'hv1' }), expect: succeeds },
  { name: 'kv v1 list_secrets', run: hv('secrets.kv.v1.list_secrets', { path: '', mount_point: 'hv1' }), expect: succeeds },
  { name: 'kv v1 delete_secret', run: hv('secrets.kv.v1.delete_secret', { path: 'app', mount_point: 'hv1' }), expect: succeeds },
  { name: 'kv v1 read_secret deleted', run: hv('secrets.kv.v1.read_secret', { path: 'app', mount_point: 'hv1' }), expect: raises('InvalidPath') },
  { name: 'kv v1 list_secrets empty', run: hv('secrets.kv.v1.list_secrets', { path: '', mount_point: 'hv1' }), expect: raises('InvalidPath') },
];

const v2 = (name: string, kwargs: Record<string, unknown> = {}) => hv(`secrets.kv.v2.${name}`, { path: 'app', mount_point: 'hv2', ...kwargs });
const kvV2: ClientStep[] = [
  { name: 'kv v2 create_or_update_secret', run: v2('create_or_update_secret', { secret: { password: 'one' } }), expect: succeeds },
  { name: 'kv v2 create_or_update_secret again', run: v2('create_or_update_secret', { secret: { password: 'two' } }), expect: succeeds },
  { name: 'kv v2 create_or_update_secret cas mismatch', run: v2('create_or_update_secret', { secret: { password: 'x' }, cas: 1 }), expect: raises('InvalidRequest') },
  { name: 'kv v2 read_secret_version', run: v2('read_secret_version', { raise_on_deleted_version: true }), expect: succeeds },
  { name: 'kv v2 read_secret_version 1', run: v2('read_secret_version', { version: 1, raise_on_deleted_version: true }), expect: succeeds },
  { name: 'kv v2 patch', run: v2('patch', { secret: { extra: 'x' } }), expect: succeeds },
  { name: 'kv v2 list_secrets', run: hv('secrets.kv.v2.list_secrets', { path: '', mount_point: 'hv2' }), expect: succeeds },
  { name: 'kv v2 delete_latest_version_of_secret', run: v2('delete_latest_version_of_secret'), expect: succeeds },
  { name: 'kv v2 read a deleted version', run: v2('read_secret_version', { raise_on_deleted_version: false }), expect: succeeds },
  { name: 'kv v2 read a deleted version (raise)', run: v2('read_secret_version', { raise_on_deleted_version: true }), expect: raises('InvalidPath') },
  { name: 'kv v2 undelete_secret_versions', run: v2('undelete_secret_versions', { versions: [3] }), expect: succeeds },
  { name: 'kv v2 destroy_secret_versions', run: v2('destroy_secret_versions', { versions: [1] }), expect: succeeds },
  { name: 'kv v2 update_metadata', run: v2('update_metadata', { max_versions: 5, custom_metadata: { owner: 'me' } }), expect: succeeds },
  { name: 'kv v2 read_secret_metadata', run: v2('read_secret_metadata'), expect: succeeds },
  { name: 'kv v2 delete_metadata_and_all_versions', run: v2('delete_metadata_and_all_versions'), expect: succeeds },
  { name: 'kv v2 read_secret_metadata after delete', run: v2('read_secret_metadata'), expect: raises('InvalidPath') },
];

const leases: ClientStep[] = [
  { name: 'write a secret with a ttl', run: hv('write_data', { path: 'leased/s', data: { value: '1', ttl: '1h' } }), expect: succeeds },
  {
    name: 'read a leased secret',
    run: async (s) => {
      const answer = await call(s, 'read', { path: 'leased/s' });
      s.save('lease_id', okOf(answer)?.lease_id);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'read_lease', run: (s) => call(s, 'sys.read_lease', { lease_id: s.get('lease_id') }), expect: succeeds },
  { name: 'renew_lease (not renewable)', run: (s) => call(s, 'sys.renew_lease', { lease_id: s.get('lease_id'), increment: 60 }), expect: raises('InvalidRequest') },
  // KV's secrets cannot be revoked by the plugin: a synchronous revoke says so (400); revoke-force drops the lease regardless.
  { name: 'revoke_lease (the plugin refuses)', run: (s) => call(s, 'sys.revoke_lease', { lease_id: s.get('lease_id') }), expect: raises('InvalidRequest') },
  { name: 'revoke_force', run: hv('sys.revoke_force', { prefix: 'leased/s' }), expect: succeeds },
  { name: 'read_lease after revoke_force', run: (s) => call(s, 'sys.read_lease', { lease_id: s.get('lease_id') }), expect: raises('InvalidRequest') },
  // KV's leased passthrough: renewable leases whose revocation the plugin accepts.
  { name: 'enable a leased passthrough kv', run: hv('sys.enable_secrets_engine', { backend_type: KV_PLUGIN_NAME, path: 'renewable', options: { leased_passthrough: 'true' } }), expect: succeeds },
  { name: 'write a renewable secret', run: hv('write_data', { path: 'renewable/db', data: { value: '1', ttl: '1h' } }), expect: succeeds },
  ...(['renewable_lease', 'second_lease'] as const).map(
    (name): ClientStep => ({
      name: `read a renewable secret (${name})`,
      run: async (s) => {
        const answer = await call(s, 'read', { path: 'renewable/db' });
        s.save(name, okOf(answer)?.lease_id);
        return answer;
      },
      expect: (answer) => {
        succeeds(answer);
        assert.equal(okOf(answer as HvacAnswer)?.renewable, true);
      },
    }),
  ),
  { name: 'renew_lease (renewable)', run: (s) => call(s, 'sys.renew_lease', { lease_id: s.get('renewable_lease'), increment: 1800 }), expect: succeeds },
  { name: 'revoke_lease (renewable)', run: (s) => call(s, 'sys.revoke_lease', { lease_id: s.get('renewable_lease') }), expect: succeeds },
  { name: 'read_lease after revoke_lease', run: (s) => call(s, 'sys.read_lease', { lease_id: s.get('renewable_lease') }), expect: raises('InvalidRequest') },
  { name: 'revoke_prefix', run: hv('sys.revoke_prefix', { prefix: 'renewable/' }), expect: succeeds },
  { name: 'read_lease after revoke_prefix', run: (s) => call(s, 'sys.read_lease', { lease_id: s.get('second_lease') }), expect: raises('InvalidRequest') },
];

const tokens: ClientStep[] = [
  {
    name: 'token create',
    run: async (s) => {
      const answer = await call(s, 'auth.token.create', { ttl: '1h', explicit_max_ttl: '2h', display_name: 'app', renewable: true });
      s.save('child_token', (okOf(answer)?.auth as Record<string, unknown> | undefined)?.client_token);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'token lookup', run: (s) => call(s, 'auth.token.lookup', { token: child(s) }), expect: succeeds },
  { name: 'token lookup_self (child)', run: hv('auth.token.lookup_self', {}, { token: child }), expect: succeeds },
  { name: 'token renew', run: (s) => call(s, 'auth.token.renew', { token: child(s), increment: '30m' }), expect: succeeds },
  { name: 'token renew_self (child)', run: hv('auth.token.renew_self', {}, { token: child }), expect: succeeds },
  { name: 'kv read with the child token', run: hv('secrets.kv.v2.list_secrets', { path: '', mount_point: 'hv2' }, { token: child }), expect: raises('InvalidPath') },
  { name: 'token revoke_self (child)', run: hv('auth.token.revoke_self', {}, { token: child }), expect: succeeds },
  { name: 'token lookup after revoke', run: (s) => call(s, 'auth.token.lookup', { token: child(s) }), expect: raises('Forbidden') },
  { name: 'is_authenticated (revoked)', run: hv('is_authenticated', {}, { token: child }), expect: (a) => assert.deepEqual(a, { ok: false }) },
];

const APP_POLICY = 'path "hv1/app" {\n  capabilities = ["read"]\n}\n\npath "hv1/*" {\n  capabilities = ["deny"]\n}\n\npath "auth/token/create" {\n  capabilities = ["update"]\n}\n';
const policyToken = (s: Session) => s.get('policy_token');

const policies: ClientStep[] = [
  { name: 'create_or_update_acl_policy', run: hv('sys.create_or_update_acl_policy', { name: 'app-read', policy: APP_POLICY }), expect: succeeds },
  { name: 'create_or_update_acl_policy (malformed)', run: hv('sys.create_or_update_acl_policy', { name: 'broken', policy: 'path "hv1/app" {\n  capabilities = ["read"\n}\n' }), expect: raises('InvalidRequest') },
  { name: 'list_acl_policies', run: hv('sys.list_acl_policies'), expect: succeeds },
  { name: 'read_acl_policy', run: hv('sys.read_acl_policy', { name: 'app-read' }), expect: succeeds },
  { name: 'read_policy (the older path)', run: hv('sys.read_policy', { name: 'app-read' }), expect: succeeds },
  {
    name: 'token create with policies',
    run: async (s) => {
      const answer = await call(s, 'auth.token.create', { policies: ['app-read'] });
      s.save('policy_token', (okOf(answer)?.auth as Record<string, unknown> | undefined)?.client_token);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'read allowed by the policy', run: hv('read', { path: 'hv1/app' }, { token: policyToken }), expect: succeeds },
  { name: 'write refused by the policy', run: hv('write_data', { path: 'hv1/app', data: { a: '2' } }, { token: policyToken }), expect: raises('Forbidden') },
  { name: 'read refused by the deny', run: hv('read', { path: 'hv1/other' }, { token: policyToken }), expect: raises('Forbidden') },
  { name: 'token create with a policy not held', run: hv('auth.token.create', { policies: ['root'] }, { token: policyToken }), expect: raises('InvalidRequest') },
  { name: 'delete_acl_policy', run: hv('sys.delete_acl_policy', { name: 'app-read' }), expect: succeeds },
  { name: 'read after the policy is deleted', run: hv('read', { path: 'hv1/app' }, { token: policyToken }), expect: raises('Forbidden') },
  { name: 'delete_acl_policy default', run: hv('sys.delete_acl_policy', { name: 'default' }), expect: raises('InvalidRequest') },
];

const errors: ClientStep[] = [
  { name: 'no token', run: hv('read', { path: 'hv1/app' }, { token: null }), expect: raises('Forbidden') },
  { name: 'a wrong token', run: hv('read', { path: 'hv1/app' }, { token: 's.wrongwrongwrongwrongwron' }), expect: raises('Forbidden') },
  { name: 'an unknown mount', run: hv('secrets.kv.v1.read_secret', { path: 'app', mount_point: 'nosuch' }), expect: raises('InvalidPath') },
  { name: 'a missing key (read returns None)', run: hv('read', { path: 'hv1/missing' }), expect: (a) => assert.deepEqual(a, { ok: null }) },
  { name: 'enable a taken path', run: hv('sys.enable_secrets_engine', { backend_type: 'kv', path: 'hv1' }), expect: raises('InvalidRequest') },
  { name: 'get_encryption_key_status', run: hv('sys.get_encryption_key_status'), expect: succeeds },
];

const seal: ClientStep[] = [
  { name: 'seal', run: hv('sys.seal'), expect: succeeds },
  { name: 'read when sealed', run: hv('read', { path: 'hv1/app' }), expect: raises('VaultDown') },
  { name: 'submit_unseal_key again', run: (s) => call(s, 'sys.submit_unseal_key', { key: s.get('unseal_key') }, { token: null }), expect: succeeds },
  { name: 'kv v2 list after unseal', run: hv('secrets.kv.v2.list_secrets', { path: '', mount_point: 'hv2' }), expect: raises('InvalidPath') },
];

clientSuite('hvac', [...initAndUnseal, ...catalogAndMounts, ...kvV1, ...kvV2, ...leases, ...tokens, ...policies, ...errors, ...seal], {
  prepare: async (session) => {
    await copyKvPlugin(session);
    const client = await HvacClient.start(session.host.addr);
    clients.set(session, client);
    session.defer(() => client.close());
  },
});
