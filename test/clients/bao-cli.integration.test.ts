/**
 * The `bao` CLI (OpenBao 2.7.2) against Strongroom and against OpenBao, answer for answer:
 * init/unseal, mounts, the plugin catalog, KV v1 and v2, leases, tokens, ACL policies, an auth plugin (JWT logins), response wrapping and errors.
 */
import assert from 'node:assert/strict';
import { exitWith, project, runBao, type CliAnswer } from './support/bao-cli';
import { baoAuthSteps } from './support/bao-auth-steps';
import { baoInit, baoUnseal } from './support/bao-init';
import { baoPolicySteps } from './support/bao-policy-steps';
import { clientSuite, type ClientStep, type Session } from './support/client-suite';
import { baoWrappingSteps } from './support/bao-wrapping-steps';
import { copyJwtPlugin } from './support/jwt-plugin';
import { copyKvPlugin, KV_PLUGIN_COMMAND, KV_PLUGIN_NAME, kvPluginSha256 } from './support/kv-plugin';

const ok = exitWith(0);
const failed = exitWith(2);
const bao = (args: string[], options?: Parameters<typeof runBao>[2]) => (session: Session) => runBao(session, args, options);

function stdoutOf(answer: unknown): Record<string, unknown> {
  const { stdout } = answer as CliAnswer;
  assert.ok(stdout !== null && typeof stdout === 'object', 'stdout is not JSON');
  return stdout as Record<string, unknown>;
}

const initAndUnseal: ClientStep[] = [
  { name: 'status before init', run: bao(['status', '-format=json'], { token: null }), expect: failed },
  baoInit,
  { name: 'status when sealed', run: bao(['status', '-format=json'], { token: null }), expect: failed },
  baoUnseal,
  { name: 'status when unsealed', run: bao(['status', '-format=json'], { token: null }), expect: ok },
];

const catalogAndMounts: ClientStep[] = [
  {
    name: 'plugin register',
    run: async (s) => runBao(s, ['plugin', 'register', `-sha256=${await kvPluginSha256()}`, `-command=${KV_PLUGIN_COMMAND}`, 'secret', KV_PLUGIN_NAME]),
    expect: ok,
  },
  {
    name: 'plugin list secret -detailed (the registered entry)',
    run: (s) => project(runBao(s, ['plugin', 'list', '-detailed', '-format=json', 'secret']), (out) =>
        (out.details as Record<string, unknown>[]).filter((entry) => entry.name === KV_PLUGIN_NAME),
      ),
    expect: (answer) => {
      ok(answer);
      assert.equal(((answer as CliAnswer).stdout as unknown[]).length, 1);
    },
  },
  { name: 'plugin info', run: bao(['plugin', 'info', '-format=json', 'secret', KV_PLUGIN_NAME]), expect: ok },
  { name: 'secrets enable -version=1 kv', run: bao(['secrets', 'enable', '-path=kv1', '-version=1', '-description=first', 'kv']), expect: ok },
  { name: 'secrets enable -version=2 kv', run: bao(['secrets', 'enable', '-path=kv2', '-version=2', 'kv']), expect: ok },
  { name: 'secrets enable a registered plugin', run: bao(['secrets', 'enable', '-path=leased', '-description=leases', KV_PLUGIN_NAME]), expect: ok },
  {
    name: 'secrets list -detailed',
    run: (s) =>
      project(runBao(s, ['secrets', 'list', '-detailed', '-format=json']), (out) => ({
        paths: Object.keys(out).sort(),
        kv1: out['kv1/'],
        kv2: out['kv2/'],
        leased: out['leased/'],
      })),
    expect: (answer) => {
      ok(answer);
      assert.ok(stdoutOf(answer).leased !== undefined);
    },
  },
  { name: 'secrets tune', run: bao(['secrets', 'tune', '-default-lease-ttl=1h', '-max-lease-ttl=2h', '-description=tuned', 'kv1/']), expect: ok },
  { name: 'read sys/mounts/kv1/tune', run: bao(['read', '-format=json', 'sys/mounts/kv1/tune']), expect: ok },
  { name: 'secrets enable scratch', run: bao(['secrets', 'enable', '-path=scratch', KV_PLUGIN_NAME]), expect: ok },
  {
    name: 'secrets move',
    // The CLI polls sys/remount/status; whether it printed a "Waiting…" line first depends on timing.
    run: async (s) => {
      const answer = await runBao(s, ['secrets', 'move', 'scratch/', 'moved/']);
      const lines = typeof answer.stdout === 'string' ? answer.stdout.split('\n').filter((line) => !line.startsWith('Waiting for terminal status')) : [];
      return { ...answer, stdout: lines.join('\n') };
    },
    expect: ok,
  },
  {
    name: 'secrets list after move',
    run: (s) => project(runBao(s, ['secrets', 'list', '-format=json']), (out) => ({ scratch: 'scratch/' in out, moved: 'moved/' in out })),
    expect: (answer) => assert.deepEqual(stdoutOf(answer), { scratch: false, moved: true }),
  },
  { name: 'secrets disable', run: bao(['secrets', 'disable', 'moved/']), expect: ok },
  { name: 'plugin register a second name', run: async (s) => runBao(s, ['plugin', 'register', `-sha256=${await kvPluginSha256()}`, `-command=${KV_PLUGIN_COMMAND}`, 'secret', 'kv-spare']), expect: ok },
  { name: 'plugin deregister', run: bao(['plugin', 'deregister', 'secret', 'kv-spare']), expect: ok },
  { name: 'plugin info after deregister', run: bao(['plugin', 'info', '-format=json', 'secret', 'kv-spare']), expect: failed },
];

const kvV1: ClientStep[] = [
  { name: 'kv put -mount= (v1)', run: bao(['kv', 'put', '-mount=kv1', 'app', 'user=alice', 'pass=s3cret']), expect: ok },
  { name: 'kv put path form (v1)', run: bao(['kv', 'put', 'kv1/app2', 'x=1']), expect: ok },
  { name: 'kv get -mount= (v1)', run: bao(['kv', 'get', '-format=json', '-mount=kv1', 'app']), expect: ok },
  { name: 'kv get -field (v1)', run: bao(['kv', 'get', '-field=user', 'kv1/app']), expect: ok },
  { name: 'kv list (v1)', run: bao(['kv', 'list', '-format=json', 'kv1/']), expect: ok },
  { name: 'kv delete (v1)', run: bao(['kv', 'delete', 'kv1/app2']), expect: ok },
  { name: 'kv get deleted (v1)', run: bao(['kv', 'get', '-format=json', 'kv1/app2']), expect: failed },
  { name: 'kv patch (v1 refuses)', run: bao(['kv', 'patch', 'kv1/app', 'user=bob']), expect: failed },
];

/** A KV v2 read of a deleted or destroyed version: the CLI succeeds and shows the metadata, no data. */
function noSecretData(answer: unknown): void {
  ok(answer);
  const data = stdoutOf(answer).data as Record<string, unknown> | null;
  assert.equal(data?.data, null);
  assert.ok(data?.metadata !== undefined);
}

const kvV2: ClientStep[] = [
  { name: 'kv put -mount= (v2)', run: bao(['kv', 'put', '-format=json', '-mount=kv2', 'app', 'password=one']), expect: ok },
  { name: 'kv put path form (v2)', run: bao(['kv', 'put', '-format=json', 'kv2/app', 'password=two']), expect: ok },
  { name: 'kv put -cas mismatch (v2)', run: bao(['kv', 'put', '-cas=1', 'kv2/app', 'password=three']), expect: failed },
  { name: 'kv get (v2)', run: bao(['kv', 'get', '-format=json', '-mount=kv2', 'app']), expect: ok },
  { name: 'kv get -version=1 (v2)', run: bao(['kv', 'get', '-format=json', '-version=1', 'kv2/app']), expect: ok },
  { name: 'kv patch (v2)', run: bao(['kv', 'patch', '-format=json', '-mount=kv2', 'app', 'extra=x']), expect: ok },
  { name: 'kv patch -method=rw (v2)', run: bao(['kv', 'patch', '-format=json', '-method=rw', 'kv2/app', 'more=y']), expect: ok },
  { name: 'kv put another (v2)', run: bao(['kv', 'put', '-format=json', 'kv2/dir/nested', 'a=1']), expect: ok },
  { name: 'kv list (v2)', run: bao(['kv', 'list', '-format=json', '-mount=kv2']), expect: ok },
  { name: 'kv delete latest (v2)', run: bao(['kv', 'delete', '-mount=kv2', 'app']), expect: ok },
  { name: 'kv get soft-deleted (v2)', run: bao(['kv', 'get', '-format=json', 'kv2/app']), expect: noSecretData },
  { name: 'kv undelete (v2)', run: bao(['kv', 'undelete', '-versions=4', 'kv2/app']), expect: ok },
  { name: 'kv get undeleted (v2)', run: bao(['kv', 'get', '-format=json', 'kv2/app']), expect: ok },
  { name: 'kv destroy (v2)', run: bao(['kv', 'destroy', '-versions=1', '-mount=kv2', 'app']), expect: ok },
  { name: 'kv get destroyed version (v2)', run: bao(['kv', 'get', '-format=json', '-version=1', 'kv2/app']), expect: noSecretData },
  { name: 'kv metadata put', run: bao(['kv', 'metadata', 'put', '-max-versions=5', '-custom-metadata=owner=me', 'kv2/app']), expect: ok },
  { name: 'kv metadata get', run: bao(['kv', 'metadata', 'get', '-format=json', 'kv2/app']), expect: ok },
  { name: 'kv metadata delete', run: bao(['kv', 'metadata', 'delete', '-mount=kv2', 'app']), expect: ok },
  { name: 'kv get after metadata delete (v2)', run: bao(['kv', 'get', '-format=json', 'kv2/app']), expect: failed },
];

const leases: ClientStep[] = [
  { name: 'write a secret with a ttl (v1)', run: bao(['write', 'leased/secret', 'value=1', 'ttl=1h']), expect: ok },
  {
    name: 'read a leased secret',
    run: async (s) => {
      const answer = await runBao(s, ['read', '-format=json', 'leased/secret']);
      s.save('lease_id', (answer.stdout as Record<string, unknown> | null)?.lease_id);
      return answer;
    },
    expect: ok,
  },
  { name: 'lease lookup', run: (s) => runBao(s, ['lease', 'lookup', '-format=json', s.get('lease_id')]), expect: ok },
  { name: 'lease renew (not renewable)', run: (s) => runBao(s, ['lease', 'renew', '-format=json', s.get('lease_id')]), expect: failed },
  // KV's secrets cannot be revoked by the plugin ("secret is unsupported by this backend"): the
  // revocation is queued and retried, the lease stays; revoke-force drops it regardless.
  { name: 'lease revoke', run: (s) => runBao(s, ['lease', 'revoke', s.get('lease_id')]), expect: ok },
  { name: 'lease lookup after a failed revoke', run: (s) => runBao(s, ['lease', 'lookup', '-format=json', s.get('lease_id')]), expect: ok },
  { name: 'lease revoke -force -prefix', run: bao(['lease', 'revoke', '-force', '-prefix', 'leased/secret']), expect: ok },
  { name: 'lease lookup after revoke-force', run: (s) => runBao(s, ['lease', 'lookup', '-format=json', s.get('lease_id')]), expect: failed },
  // KV's leased passthrough: renewable leases whose revocation the plugin accepts.
  { name: 'secrets enable a leased passthrough kv', run: bao(['secrets', 'enable', '-path=renewable', '-options=leased_passthrough=true', KV_PLUGIN_NAME]), expect: ok },
  { name: 'write a renewable secret', run: bao(['write', 'renewable/db', 'value=1', 'ttl=1h']), expect: ok },
  ...(['renewable_lease', 'second_lease'] as const).map(
    (name): ClientStep => ({
      name: `read a renewable secret (${name})`,
      run: async (s) => {
        const answer = await runBao(s, ['read', '-format=json', 'renewable/db']);
        s.save(name, (answer.stdout as Record<string, unknown> | null)?.lease_id);
        return answer;
      },
      expect: (answer) => {
        ok(answer);
        assert.equal(stdoutOf(answer)['renewable'], true);
      },
    }),
  ),
  { name: 'lease renew -increment (renewable)', run: (s) => runBao(s, ['lease', 'renew', '-format=json', '-increment=30m', s.get('renewable_lease')]), expect: ok },
  { name: 'lease revoke -sync (renewable)', run: (s) => runBao(s, ['lease', 'revoke', '-sync', s.get('renewable_lease')]), expect: ok },
  { name: 'lease lookup after revoke (renewable)', run: (s) => runBao(s, ['lease', 'lookup', '-format=json', s.get('renewable_lease')]), expect: failed },
  { name: 'lease lookup (second)', run: (s) => runBao(s, ['lease', 'lookup', '-format=json', s.get('second_lease')]), expect: ok },
  { name: 'lease revoke -prefix -sync', run: bao(['lease', 'revoke', '-prefix', '-sync', 'renewable/']), expect: ok },
  { name: 'lease lookup after revoke -prefix', run: (s) => runBao(s, ['lease', 'lookup', '-format=json', s.get('second_lease')]), expect: failed },
];

const tokens: ClientStep[] = [
  {
    name: 'token create -ttl -explicit-max-ttl -display-name',
    run: async (s) => {
      const answer = await runBao(s, ['token', 'create', '-format=json', '-ttl=1h', '-explicit-max-ttl=2h', '-display-name=app']);
      s.save('child_token', ((answer.stdout as Record<string, unknown> | null)?.auth as Record<string, unknown> | undefined)?.client_token);
      return answer;
    },
    expect: ok,
  },
  { name: 'token lookup (child)', run: (s) => runBao(s, ['token', 'lookup', '-format=json', s.get('child_token')]), expect: ok },
  { name: 'token lookup (self, as the child)', run: (s) => runBao(s, ['token', 'lookup', '-format=json'], { token: s.get('child_token') }), expect: ok },
  { name: 'token lookup (self, root)', run: bao(['token', 'lookup', '-format=json']), expect: ok },
  { name: 'token renew -increment (child)', run: (s) => runBao(s, ['token', 'renew', '-format=json', '-increment=30m', s.get('child_token')]), expect: ok },
  { name: 'token renew (self, as the child)', run: (s) => runBao(s, ['token', 'renew', '-format=json'], { token: s.get('child_token') }), expect: ok },
  { name: 'token capabilities (child)', run: (s) => runBao(s, ['token', 'capabilities', '-format=json', 'kv1/app'], { token: s.get('child_token') }), expect: ok },
  { name: 'kv get with the child token', run: (s) => runBao(s, ['kv', 'get', '-format=json', 'kv1/app'], { token: s.get('child_token') }), expect: ok },
  { name: 'token revoke (child)', run: (s) => runBao(s, ['token', 'revoke', s.get('child_token')]), expect: ok },
  { name: 'token lookup after revoke', run: (s) => runBao(s, ['token', 'lookup', '-format=json', s.get('child_token')]), expect: failed },
  { name: 'kv get with the revoked token', run: (s) => runBao(s, ['kv', 'get', 'kv1/app'], { token: s.get('child_token') }), expect: failed },
];

/** Saves the client token a `token create -format=json` answered under `name`. */
function savingToken(name: string, args: string[], options?: (s: Session) => Parameters<typeof runBao>[2]): ClientStep['run'] {
  return async (s) => {
    const answer = await runBao(s, ['token', 'create', '-format=json', ...args], options?.(s));
    s.save(name, ((answer.stdout as Record<string, unknown> | null)?.auth as Record<string, unknown> | undefined)?.client_token);
    return answer;
  };
}

const tokenRoles: ClientStep[] = [
  { name: 'write a token role', run: bao(['write', 'auth/token/roles/app', 'allowed_policies=default', 'orphan=true', 'path_suffix=v1-0', 'token_explicit_max_ttl=2h']), expect: ok },
  { name: 'read the token role', run: bao(['read', '-format=json', 'auth/token/roles/app']), expect: ok },
  { name: 'list the token roles', run: bao(['list', '-format=json', 'auth/token/roles']), expect: ok },
  { name: 'token create -role', run: savingToken('role_token', ['-role=app', '-ttl=1h']), expect: ok },
  { name: 'token lookup (a role token)', run: (s) => runBao(s, ['token', 'lookup', '-format=json', s.get('role_token')]), expect: ok },
  { name: 'token renew (a role token)', run: (s) => runBao(s, ['token', 'renew', '-format=json', '-increment=30m', s.get('role_token')]), expect: ok },
  { name: 'token revoke -mode=path (the role)', run: bao(['token', 'revoke', '-mode=path', 'auth/token/create/app']), expect: ok },
  { name: 'token lookup after revoke -mode=path', run: (s) => runBao(s, ['token', 'lookup', '-format=json', s.get('role_token')]), expect: failed },
  { name: 'delete the token role', run: bao(['delete', 'auth/token/roles/app']), expect: ok },
  { name: 'token create -role (deleted)', run: bao(['token', 'create', '-format=json', '-role=app']), expect: failed },
  { name: 'token create (a parent)', run: savingToken('parent_token', ['-ttl=1h']), expect: ok },
  { name: "token create (the parent's child)", run: savingToken('orphaned_token', ['-ttl=30m'], (s) => ({ token: s.get('parent_token') })), expect: ok },
  {
    name: 'read a leased secret with the parent',
    run: async (s) => {
      const answer = await runBao(s, ['read', '-format=json', 'renewable/db'], { token: s.get('parent_token') });
      s.save('parent_lease', (answer.stdout as Record<string, unknown> | null)?.lease_id);
      return answer;
    },
    expect: ok,
  },
  { name: 'token revoke -mode=orphan (the parent)', run: (s) => runBao(s, ['token', 'revoke', '-mode=orphan', s.get('parent_token')]), expect: ok },
  { name: 'token lookup (the orphaned child)', run: (s) => runBao(s, ['token', 'lookup', '-format=json', s.get('orphaned_token')]), expect: ok },
  { name: 'lease lookup (the revoked parent\'s lease)', run: (s) => runBao(s, ['lease', 'lookup', '-format=json', s.get('parent_lease')]), expect: failed },
  { name: 'token revoke (the orphaned child)', run: (s) => runBao(s, ['token', 'revoke', s.get('orphaned_token')]), expect: ok },
];

const errors: ClientStep[] = [
  { name: 'no token', run: bao(['read', 'kv1/app'], { token: null }), expect: failed },
  { name: 'a wrong token', run: bao(['read', 'kv1/app'], { token: 's.wrongwrongwrongwrongwron' }), expect: failed },
  { name: 'kv get with a wrong token', run: bao(['kv', 'get', 'kv1/app'], { token: 's.wrongwrongwrongwrongwron' }), expect: failed },
  { name: 'an unknown mount', run: bao(['read', 'nosuch/path']), expect: failed },
  { name: 'kv get on an unknown mount', run: bao(['kv', 'get', '-mount=nosuch', 'path']), expect: failed },
  { name: 'a missing key', run: bao(['read', 'kv1/missing']), expect: failed },
  { name: 'kv get a missing key (v2)', run: bao(['kv', 'get', 'kv2/missing']), expect: failed },
  { name: 'secrets enable an unknown plugin', run: bao(['secrets', 'enable', '-path=x', 'no-such-plugin']), expect: failed },
  { name: 'secrets enable a taken path', run: bao(['secrets', 'enable', '-path=kv1', KV_PLUGIN_NAME]), expect: failed },
  { name: 'secrets enable -version=2 on a plugin that is not kv', run: bao(['secrets', 'enable', '-path=notkv', '-version=2', KV_PLUGIN_NAME]), expect: failed },
];

const builtinKv: ClientStep[] = [
  { name: 'secrets enable -path=secret kv-v2', run: bao(['secrets', 'enable', '-path=secret', 'kv-v2']), expect: ok },
  { name: 'secrets enable kv-v1', run: bao(['secrets', 'enable', 'kv-v1']), expect: ok },
  { name: 'kv put on the built-in kv-v2', run: bao(['kv', 'put', '-format=json', 'secret/app', 'password=builtin']), expect: ok },
  { name: 'kv get on the built-in kv-v2', run: bao(['kv', 'get', '-format=json', 'secret/app']), expect: ok },
  { name: 'secrets enable kv (at kv/)', run: bao(['secrets', 'enable', 'kv']), expect: ok },
  { name: 'kv put on the built-in kv', run: bao(['kv', 'put', 'kv/app', 'a=1']), expect: ok },
  { name: 'kv get on the built-in kv', run: bao(['kv', 'get', '-format=json', 'kv/app']), expect: ok },
];

/** The wrapping token in the CLI's JSON answer of a `-wrap-ttl` request. */
const seal: ClientStep[] = [
  { name: 'operator seal', run: bao(['operator', 'seal']), expect: ok },
  { name: 'kv get when sealed', run: bao(['kv', 'get', 'kv1/app']), expect: failed },
  { name: 'operator unseal again', run: (s) => runBao(s, ['operator', 'unseal', '-format=json', s.get('unseal_key')], { token: null }), expect: ok },
  { name: 'kv get after unseal', run: bao(['kv', 'get', '-format=json', 'kv1/app']), expect: ok },
];

clientSuite('bao', [...initAndUnseal, ...catalogAndMounts, ...kvV1, ...kvV2, ...leases, ...tokens, ...tokenRoles, ...baoPolicySteps, ...baoAuthSteps, ...errors, ...builtinKv, ...baoWrappingSteps, ...seal], {
  prepare: async (session) => {
    await copyKvPlugin(session);
    await copyJwtPlugin(session);
  },
});
