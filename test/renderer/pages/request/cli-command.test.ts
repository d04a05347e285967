import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellQuote, vaultEnvLines } from '../../../../renderer/src/pages/request/cli-command';
import { copyAs } from '../../../../renderer/src/pages/request/copy-as';

// The commands the request history copies are copy-as.ts's (every one is also run for real in
// test/clients/copy-as.integration.test.ts); these are the cases the history's own generator had.
const ADDRESS = 'http://127.0.0.1:8213';
const vault = (input: Parameters<typeof copyAs>[1]) => copyAs('vault', input, ADDRESS).code;
const curl = (input: Parameters<typeof copyAs>[1]) => copyAs('curl', input, ADDRESS).code;

test('read, list and delete map to the vault verbs', () => {
  assert.equal(vault({ path: 'secret/data/app/db', operation: 'read' }), 'vault read secret/data/app/db');
  assert.equal(vault({ path: 'secret/metadata/', operation: 'list' }), 'vault list secret/metadata/');
  assert.equal(vault({ path: 'secret/data/app/db', operation: 'delete' }), 'vault delete secret/data/app/db');
});

test('a flat write becomes key=value pairs, quoted when needed', () => {
  assert.equal(
    vault({ path: 'custom/users/alice', operation: 'write', data: { email: 'a@example.com', note: "it's me" } }),
    `vault write custom/users/alice email=a@example.com 'note=it'\\''s me'`,
  );
});

test('a nested write (KV v2 data map) goes in as JSON on stdin', () => {
  const cli = vault({ path: 'secret/data/app/db', operation: 'write', data: { data: { username: 'admin' } } });
  assert.match(cli, /^vault write secret\/data\/app\/db - <<'EOF'\n/);
  assert.match(cli, /"username": "admin"/);
});

test('curl uses the Vault HTTP API verbs and sends $VAULT_TOKEN', () => {
  assert.equal(curl({ path: 'secret/metadata/', operation: 'list' }), 'curl --fail-with-body --header "X-Vault-Token: $VAULT_TOKEN" --request LIST "$VAULT_ADDR/v1/secret/metadata/"');
  assert.equal(
    curl({ path: 'secret/data/app/db', operation: 'write', data: { data: { a: '1' } } }),
    `curl --fail-with-body --header "X-Vault-Token: $VAULT_TOKEN" --request POST --data '{"data":{"a":"1"}}' "$VAULT_ADDR/v1/secret/data/app/db"`,
  );
  assert.equal(curl({ path: 'sys/mounts', operation: 'help' }), 'curl --fail-with-body --header "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/sys/mounts?help=1"');
});

test('with the API listening, the export line carries its address, and the token stays the user\'s variable', () => {
  const write = copyAs('vault', { path: 'secret/data/app', operation: 'write', data: { data: { a: '1' } } }, ADDRESS);
  assert.equal(write.envLine, 'export VAULT_ADDR=http://127.0.0.1:8213');
  assert.doesNotMatch(write.envLine + write.code, /VAULT_TOKEN=/);
});

test("curl's URL keeps a path's $, backquote and double quote literal", () => {
  assert.equal(curl({ path: 'kv/a$b`c"d', operation: 'read' }), 'curl --fail-with-body --header "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/kv/a%24b%60c%22d"');
  assert.equal(curl({ path: 'kv/$HOME', operation: 'read' }), 'curl --fail-with-body --header "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/kv/%24HOME"');
});

test('shellQuote leaves safe words alone', () => {
  assert.equal(shellQuote('a=b'), 'a=b');
  assert.equal(shellQuote('a b'), "'a b'");
});

test('the export lines carry the address, and the token only when one is given', () => {
  assert.deepEqual(vaultEnvLines(ADDRESS, null), { addr: 'export VAULT_ADDR=http://127.0.0.1:8213', token: "export VAULT_TOKEN='<root token>'" });
  assert.equal(vaultEnvLines(ADDRESS, 's.abcDEF123').token, 'export VAULT_TOKEN=s.abcDEF123');
});
