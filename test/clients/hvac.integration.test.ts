/**
 * hvac 2.4 (Python) against Strongroom and against OpenBao, answer for answer: init/unseal, health,
 * mounts, the plugin catalog (hvac has no catalog API: its generic read/write/list/delete), KV v1
 * and v2, leases, tokens, ACL policies, an auth plugin (JWT logins), response wrapping, errors and sealing.
 */
import assert from 'node:assert/strict';
import { clientSuite, type ClientStep, type Session } from './support/client-suite';
import { HvacClient, type HvacAnswer } from './support/hvac';
import { call, clients, hv, okOf, raises, succeeds, type CallOptions } from './support/hvac-steps';
import { hvacPolicySteps } from './support/hvac-policy-steps';
import { copyJwtPlugin, JWT_AUDIENCE, JWT_PLUGIN_COMMAND, JWT_PLUGIN_NAME, JWT_PLUGIN_VERSION, JWT_SIGNER, jwtPluginSha256 } from './support/jwt-plugin';
import { copyKvPlugin, KV_PLUGIN_COMMAND, KV_PLUGIN_NAME, kvPluginSha256 } from './support/kv-plugin';

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

/** A `auth.token.create` whose client token is saved under `name`. */
const creatingToken =
  (name: string, kwargs: Record<string, unknown>, options: CallOptions = {}) =>
  async (s: Session): Promise<HvacAnswer> => {
    const answer = await call(s, 'auth.token.create', kwargs, options);
    s.save(name, (okOf(answer)?.auth as Record<string, unknown> | undefined)?.client_token);
    return answer;
  };

const tokenRoles: ClientStep[] = [
  {
    name: 'token create_or_update_role',
    run: hv('auth.token.create_or_update_role', { role_name: 'app', allowed_policies: ['default'], orphan: true, path_suffix: 'v1-0', token_explicit_max_ttl: '2h' }),
    expect: succeeds,
  },
  { name: 'token read_role', run: hv('auth.token.read_role', { role_name: 'app' }), expect: succeeds },
  { name: 'token list_roles', run: hv('auth.token.list_roles'), expect: succeeds },
  { name: 'token create against the role', run: creatingToken('role_token', { role_name: 'app', ttl: '1h' }), expect: succeeds },
  { name: 'token lookup (a role token)', run: (s) => call(s, 'auth.token.lookup', { token: s.get('role_token') }), expect: succeeds },
  { name: 'token create (a parent)', run: creatingToken('parent_token', { ttl: '1h' }), expect: succeeds },
  { name: "token create (the parent's child)", run: creatingToken('orphaned_token', { ttl: '30m' }, { token: (s) => s.get('parent_token') }), expect: succeeds },
  { name: 'token revoke_and_orphan_children', run: (s) => call(s, 'auth.token.revoke_and_orphan_children', { token: s.get('parent_token') }), expect: succeeds },
  { name: 'token lookup (the orphaned child)', run: (s) => call(s, 'auth.token.lookup', { token: s.get('orphaned_token') }), expect: succeeds },
  { name: 'token delete_role', run: hv('auth.token.delete_role', { role_name: 'app' }), expect: succeeds },
  { name: 'token create against the deleted role', run: hv('auth.token.create', { role_name: 'app' }), expect: raises('InvalidRequest') },
];

const jwtToken = (s: Session) => s.get('jwt_token');
/** A JWT for `sub` alice, valid for this suite's role, signed with the key both hosts trust. */
const aliceJwt = () => JWT_SIGNER.sign({ sub: 'alice', aud: JWT_AUDIENCE });

const authMethods: ClientStep[] = [
  {
    name: 'register an auth plugin (write_data)',
    run: async (s) => call(s, 'write_data', { path: `sys/plugins/catalog/auth/${JWT_PLUGIN_NAME}`, data: { sha256: await jwtPluginSha256(), command: JWT_PLUGIN_COMMAND, version: JWT_PLUGIN_VERSION } }),
    expect: succeeds,
  },
  { name: 'enable_auth_method', run: hv('sys.enable_auth_method', { method_type: JWT_PLUGIN_NAME, path: 'jwt', description: 'logins' }), expect: succeeds },
  { name: 'list_auth_methods', run: hv('sys.list_auth_methods'), expect: succeeds },
  { name: 'jwt configure', run: hv('auth.jwt.configure', { jwt_validation_pubkeys: [JWT_SIGNER.publicKeyPem], path: 'jwt' }), expect: succeeds },
  {
    name: 'jwt create_role',
    run: hv('auth.jwt.create_role', { name: 'dev', role_type: 'jwt', user_claim: 'sub', allowed_redirect_uris: [], bound_audiences: [JWT_AUDIENCE], token_policies: ['dev', 'reader'], token_ttl: '1h', path: 'jwt' }),
    expect: succeeds,
  },
  {
    name: 'jwt_login',
    run: async (s) => {
      const answer = await call(s, 'auth.jwt.jwt_login', { role: 'dev', jwt: aliceJwt(), use_token: false, path: 'jwt' }, { token: null });
      s.save('jwt_token', (okOf(answer)?.auth as Record<string, unknown> | undefined)?.client_token);
      return answer;
    },
    expect: succeeds,
  },
  { name: 'token lookup_self (the JWT login)', run: hv('auth.token.lookup_self', {}, { token: jwtToken }), expect: succeeds },
  { name: 'token renew_self (through the JWT plugin)', run: hv('auth.token.renew_self', { increment: '30m' }, { token: jwtToken }), expect: succeeds },
  { name: 'jwt_login for an unknown role', run: (s) => call(s, 'auth.jwt.jwt_login', { role: 'nope', jwt: aliceJwt(), use_token: false, path: 'jwt' }, { token: null }), expect: raises('InvalidRequest') },
  { name: 'disable_auth_method', run: hv('sys.disable_auth_method', { path: 'jwt' }), expect: succeeds },
  { name: 'token lookup_self after disable_auth_method', run: hv('auth.token.lookup_self', {}, { token: jwtToken }), expect: raises('Forbidden') },
];

const errors: ClientStep[] = [
  { name: 'no token', run: hv('read', { path: 'hv1/app' }, { token: null }), expect: raises('Forbidden') },
  { name: 'a wrong token', run: hv('read', { path: 'hv1/app' }, { token: 's.wrongwrongwrongwrongwron' }), expect: raises('Forbidden') },
  { name: 'an unknown mount', run: hv('secrets.kv.v1.read_secret', { path: 'app', mount_point: 'nosuch' }), expect: raises('InvalidPath') },
  { name: 'a missing key (read returns None)', run: hv('read', { path: 'hv1/missing' }), expect: (a) => assert.deepEqual(a, { ok: null }) },
  { name: 'enable a taken path', run: hv('sys.enable_secrets_engine', { backend_type: 'kv', path: 'hv1' }), expect: raises('InvalidRequest') },
  { name: 'get_encryption_key_status', run: hv('sys.get_encryption_key_status'), expect: succeeds },
];

/** The wrapping token in hvac's answer of a wrapped request. */
const wrappingTokenOf = (answer: HvacAnswer) => (okOf(answer)?.wrap_info as Record<string, unknown> | undefined)?.token;

const wrapping: ClientStep[] = [
  { name: 'kv v1 write for wrapping', run: hv('secrets.kv.v1.create_or_update_secret', { path: 'wrapped', secret: { user: 'w' }, mount_point: 'hv1' }), expect: succeeds },
  {
    name: 'read with wrap_ttl',
    run: async (s) => {
      const answer = await call(s, 'read', { path: 'hv1/wrapped', wrap_ttl: '5m' });
      s.save('wrapping_token', wrappingTokenOf(answer));
      return answer;
    },
    expect: succeeds,
  },
  { name: 'sys.unwrap(token)', run: (s) => call(s, 'sys.unwrap', { token: s.get('wrapping_token') }), expect: succeeds },
  { name: 'sys.unwrap the same token again', run: (s) => call(s, 'sys.unwrap', { token: s.get('wrapping_token') }), expect: raises('InvalidRequest') },
  {
    name: 'sys.wrap(payload, ttl)',
    run: async (s) => {
      const answer = await call(s, 'sys.wrap', { payload: { note: 'hello', n: 3 }, ttl: 60 });
      s.save('wrapped_note', wrappingTokenOf(answer));
      return answer;
    },
    expect: succeeds,
  },
  { name: 'sys.unwrap() as the wrapping token', run: hv('sys.unwrap', {}, { token: (s) => s.get('wrapped_note') }), expect: succeeds },
  {
    name: 'auth.token.create(wrap_ttl)',
    run: async (s) => {
      const answer = await call(s, 'auth.token.create', { ttl: '1h', display_name: 'wrapped', wrap_ttl: '1m' });
      s.save('wrapped_child', wrappingTokenOf(answer));
      return answer;
    },
    expect: succeeds,
  },
  { name: 'sys.unwrap the wrapped token create', run: (s) => call(s, 'sys.unwrap', { token: s.get('wrapped_child') }), expect: succeeds },
  { name: 'sys.unwrap a token that is not a wrapping token', run: (s) => call(s, 'sys.unwrap', { token: s.get('root_token') }), expect: raises('InvalidRequest') },
  { name: 'read with a wrap_ttl that is not a duration', run: hv('read', { path: 'hv1/wrapped', wrap_ttl: 'abc' }), expect: raises('InvalidRequest') },
];

const seal: ClientStep[] = [
  { name: 'seal', run: hv('sys.seal'), expect: succeeds },
  { name: 'read when sealed', run: hv('read', { path: 'hv1/app' }), expect: raises('VaultDown') },
  { name: 'submit_unseal_key again', run: (s) => call(s, 'sys.submit_unseal_key', { key: s.get('unseal_key') }, { token: null }), expect: succeeds },
  { name: 'kv v2 list after unseal', run: hv('secrets.kv.v2.list_secrets', { path: '', mount_point: 'hv2' }), expect: raises('InvalidPath') },
];

clientSuite('hvac', [...initAndUnseal, ...catalogAndMounts, ...kvV1, ...kvV2, ...leases, ...tokens, ...tokenRoles, ...hvacPolicySteps, ...authMethods, ...errors, ...wrapping, ...seal], {
  prepare: async (session) => {
    await copyKvPlugin(session);
    await copyJwtPlugin(session);
    const client = await HvacClient.start(session.host.addr);
    clients.set(session, client);
    session.defer(() => client.close());
  },
});
