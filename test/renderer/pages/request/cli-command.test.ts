import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellQuote, toCurl, toVaultCli, vaultEnvLines } from '../../../../renderer/src/pages/request/cli-command';

test('read, list and delete map to the vault verbs', () => {
  assert.equal(toVaultCli({ path: 'secret/data/app/db', operation: 'read' }, null), 'vault read secret/data/app/db');
  assert.equal(toVaultCli({ path: 'secret/metadata/', operation: 'list' }, null), 'vault list secret/metadata/');
  assert.equal(toVaultCli({ path: 'secret/data/app/db', operation: 'delete' }, null), 'vault delete secret/data/app/db');
});

test('a flat write becomes key=value pairs, quoted when needed', () => {
  assert.equal(
    toVaultCli({ path: 'custom/users/alice', operation: 'write', data: { email: 'a@example.com', note: "it's me" } }, null),
    `vault write custom/users/alice email=a@example.com 'note=it'\\''s me'`,
  );
});

test('a nested write (KV v2 data map) goes in as JSON on stdin', () => {
  const cli = toVaultCli({ path: 'secret/data/app/db', operation: 'write', data: { data: { username: 'admin' } } }, null);
  assert.match(cli, /^vault write secret\/data\/app\/db - <<'EOF'\n/);
  assert.match(cli, /"username": "admin"/);
});

test('curl uses the Vault HTTP API verbs', () => {
  assert.equal(toCurl({ path: 'secret/metadata/', operation: 'list' }, null), 'curl --header "X-Vault-Token: $VAULT_TOKEN" --request LIST "$VAULT_ADDR/v1/secret/metadata/"');
  assert.equal(
    toCurl({ path: 'secret/data/app/db', operation: 'write', data: { data: { a: '1' } } }, null),
    `curl --header "X-Vault-Token: $VAULT_TOKEN" --request POST --data '{"data":{"a":"1"}}' "$VAULT_ADDR/v1/secret/data/app/db"`,
  );
});

test('shellQuote leaves safe words alone', () => {
  assert.equal(shellQuote('a=b'), 'a=b');
  assert.equal(shellQuote('a b'), "'a b'");
});

const ADDRESS = 'http://127.0.0.1:8213';

test('with the API listening, the vault command sets VAULT_ADDR to its address, and the token stays $VAULT_TOKEN', () => {
  assert.equal(toVaultCli({ path: 'secret/data/app', operation: 'read' }, ADDRESS), 'VAULT_ADDR=http://127.0.0.1:8213 vault read secret/data/app');
  const write = toVaultCli({ path: 'secret/data/app', operation: 'write', data: { data: { a: '1' } } }, ADDRESS);
  assert.match(write, /^VAULT_ADDR=http:\/\/127\.0\.0\.1:8213 vault write secret\/data\/app - <<'EOF'\n/);
  assert.doesNotMatch(write, /VAULT_TOKEN=/);
});

test('with the API listening, curl calls its address and sends $VAULT_TOKEN', () => {
  assert.equal(
    toCurl({ path: 'secret/metadata/', operation: 'list' }, ADDRESS),
    'curl --header "X-Vault-Token: $VAULT_TOKEN" --request LIST "http://127.0.0.1:8213/v1/secret/metadata/"',
  );
  assert.equal(toCurl({ path: 'sys/mounts', operation: 'help' }, ADDRESS), 'curl --header "X-Vault-Token: $VAULT_TOKEN" "http://127.0.0.1:8213/v1/sys/mounts?help=1"');
});

test('the export lines carry the address, and the token only when one is given', () => {
  assert.deepEqual(vaultEnvLines(ADDRESS, null), { addr: 'export VAULT_ADDR=http://127.0.0.1:8213', token: "export VAULT_TOKEN='<root token>'" });
  assert.equal(vaultEnvLines(ADDRESS, 's.abcDEF123').token, 'export VAULT_TOKEN=s.abcDEF123');
});

test("curl's URL keeps a path's $, backquote and double quote literal", () => {
  assert.equal(toCurl({ path: 'kv/a$b`c"d', operation: 'read' }, ADDRESS), 'curl --header "X-Vault-Token: $VAULT_TOKEN" "http://127.0.0.1:8213/v1/kv/a\\$b\\`c\\"d"');
  assert.equal(toCurl({ path: 'kv/$HOME', operation: 'read' }, null), 'curl --header "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/kv/\\$HOME"');
});
