import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellQuote } from '../../../../renderer/src/pages/request/cli-command';
import { COPY_TOOLS, copyAs, pythonLiteral } from '../../../../renderer/src/pages/request/copy-as';

const AWKWARD = ["it's", '$HOME $(id) `id`', 'a\nb', '\\', '"', "''", 'héllo ✓ 🔐', '', ' lead', '*', '-n', '!x'];

test('shellQuote: POSIX sh reads every awkward value back unchanged', () => {
  for (const value of AWKWARD) {
    // dash, Debian's /bin/sh: what a POSIX shell makes of the quoted word.
    const echoed = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
    assert.equal(echoed, value, `quoted as ${shellQuote(value)}`);
  }
});

test("shellQuote: single quotes with '\\'' for a quote inside, bare words left alone", () => {
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote('kv/data/app'), 'kv/data/app');
  assert.equal(shellQuote('$HOME'), `'$HOME'`);
});

test('pythonLiteral: Python reads every value back as the same JSON', () => {
  const value = { s: AWKWARD, n: [0, -1.5, 1e21], b: [true, false], none: null, nested: { "it's": { '"': [] } } };
  const printed = execFileSync('python3', ['-c', `import json; print(json.dumps(${pythonLiteral(value)}))`], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(printed), value);
});

test('the CLI line: verbs, k=v pairs quoted, JSON on stdin when pairs would change the value', () => {
  const read = copyAs('bao', { path: 'kv/app db', operation: 'read' }, 'http://127.0.0.1:8200');
  assert.deepEqual(read, { tool: 'bao', envLine: 'export BAO_ADDR=http://127.0.0.1:8200', code: `bao read 'kv/app db'` });
  assert.equal(copyAs('vault', { path: 'kv/', operation: 'list' }, null).code, 'vault list kv/');
  assert.equal(copyAs('vault', { path: 'kv/a', operation: 'update', data: { note: "it's" } }, null).code, `vault write kv/a 'note=it'\\''s'`);
  assert.equal(copyAs('bao', { path: 'kv/a', operation: 'patch', data: {} }, null).code, 'bao patch -force kv/a');
  for (const data of [{ n: 1 }, { f: '@/etc/passwd' }, { d: '-' }, { 'a=b': 'c' }, { m: { x: 'y' } }]) {
    const code = copyAs('vault', { path: 'kv/a', operation: 'create', data }, null).code;
    assert.equal(code, `vault write kv/a - <<'EOF'\n${JSON.stringify(data, null, 2)}\nEOF`);
  }
});

test('curl: the method, the percent-encoded path under $VAULT_ADDR, the token only as $VAULT_TOKEN', () => {
  const list = copyAs('curl', { path: 'kv/a b/', operation: 'list' }, 'http://127.0.0.1:8200');
  assert.equal(list.envLine, 'export VAULT_ADDR=http://127.0.0.1:8200');
  assert.equal(list.code, 'curl --fail-with-body --header "X-Vault-Token: $VAULT_TOKEN" --request LIST "$VAULT_ADDR/v1/kv/a%20b/"');
  const patch = copyAs('curl', { path: 'kv/data/x', operation: 'patch', data: { data: { q: "'" } } }, null).code;
  assert.match(patch, /--request PATCH --header "Content-Type: application\/merge-patch\+json" --data '\{"data":\{"q":"'\\''"\}\}'/);
  assert.doesNotMatch(copyAs('curl', { path: 'kv/x', operation: 'delete' }, null).code, /--data/);
});

test('hvac and node-vault: the call for each operation, address and token from the environment', () => {
  const hvac = (operation: 'read' | 'list' | 'delete' | 'write' | 'patch') => copyAs('hvac', { path: 'kv/x', operation, data: { a: true } }, null).code;
  assert.match(hvac('read'), /response = client\.read\("kv\/x"\)/);
  assert.match(hvac('list'), /client\.list\("kv\/x"\)/);
  assert.match(hvac('write'), /client\.write_data\("kv\/x", data=\{"a": True\}\)/);
  assert.match(hvac('patch'), /client\.adapter\.request\('PATCH'/);
  assert.match(hvac('delete'), /os\.environ\['VAULT_TOKEN'\]/);
  const node = copyAs('node-vault', { path: 'kv/x', operation: 'patch', data: { a: 1 } }, null).code;
  assert.match(node, /vault\.update\("kv\/x", \{\n {2}"a": 1\n\}\)/);
  assert.match(node, /token: process\.env\.VAULT_TOKEN/);
});

test('no address: the line says what to put there; every tool has a snippet', () => {
  for (const tool of COPY_TOOLS) {
    const snippet = copyAs(tool, { path: 'kv/x', operation: 'read' }, null);
    assert.match(snippet.envLine, /^export (BAO|VAULT)_ADDR='http:\/\/127\.0\.0\.1:<port of the Vault API>'$/);
    assert.notEqual(snippet.code, '');
  }
});
