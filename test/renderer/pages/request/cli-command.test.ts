import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellQuote, toCurl, toVaultCli } from '../../../../renderer/src/pages/request/cli-command';

test('read, list and delete map to the vault verbs', () => {
  assert.equal(toVaultCli({ path: 'secret/data/app/db', operation: 'read' }), 'vault read secret/data/app/db');
  assert.equal(toVaultCli({ path: 'secret/metadata/', operation: 'list' }), 'vault list secret/metadata/');
  assert.equal(toVaultCli({ path: 'secret/data/app/db', operation: 'delete' }), 'vault delete secret/data/app/db');
});

test('a flat write becomes key=value pairs, quoted when needed', () => {
  assert.equal(
    toVaultCli({ path: 'custom/users/alice', operation: 'write', data: { email: 'a@example.com', note: "it's me" } }),
    `vault write custom/users/alice email=a@example.com 'note=it'\\''s me'`,
  );
});

test('a nested write (KV v2 data map) goes in as JSON on stdin', () => {
  const cli = toVaultCli({ path: 'secret/data/app/db', operation: 'write', data: { data: { username: 'admin' } } });
  assert.match(cli, /^vault write secret\/data\/app\/db - <<'EOF'\n/);
  assert.match(cli, /"username": "admin"/);
});

test('curl uses the Vault HTTP API verbs', () => {
  assert.equal(toCurl({ path: 'secret/metadata/', operation: 'list' }), 'curl --header "X-Vault-Token: $VAULT_TOKEN" --request LIST "$VAULT_ADDR/v1/secret/metadata/"');
  assert.equal(
    toCurl({ path: 'secret/data/app/db', operation: 'write', data: { data: { a: '1' } } }),
    `curl --header "X-Vault-Token: $VAULT_TOKEN" --request POST --data '{"data":{"a":"1"}}' "$VAULT_ADDR/v1/secret/data/app/db"`,
  );
});

test('shellQuote leaves safe words alone', () => {
  assert.equal(shellQuote('a=b'), 'a=b');
  assert.equal(shellQuote('a b'), "'a b'");
});
