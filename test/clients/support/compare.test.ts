import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { differences, formatDifferences, normalise } from './compare';
import { parseKnownDifferences } from './known-differences';

describe('client answers compared field by field', () => {
  test('saved values, uuids and times are named; ignored keys keep only their kind', () => {
    const replacements = new Map([['s.root', 'root_token'], ['http://127.0.0.1:1234', 'VAULT_ADDR']]);
    const answer = {
      request_id: 'f4a0b7b2-1c1e-4f3e-9b5a-0c2d3e4f5a6b',
      lease_id: 'kv/app/abcdefghijklmnopqrstuvwx',
      data: { id: 's.root', text: 'URL: GET http://127.0.0.1:1234/v1/x at 2026-12-04T01:11:08.58Z', ttl: 3599, version: 3 },
      auth: { accessor: '', entity_id: null },
      version: '2.7.2',
    };
    assert.deepEqual(normalise(answer, replacements), {
      request_id: '<string>',
      lease_id: 'kv/app/<lease id>',
      data: { id: '${root_token}', text: 'URL: GET ${VAULT_ADDR}/v1/x at <time>', ttl: '<number>', version: 3 },
      auth: { accessor: '<empty>', entity_id: null },
      version: '<string>',
    });
  });

  test('every differing field is named, missing ones included, and skip patterns cover a subtree', () => {
    const a = { exit: 0, stdout: { data: { foo: 'x', only_a: 1 }, list: [1, 2], warnings: null } };
    const b = { exit: 2, stdout: { data: { foo: 'y' }, list: [1, 3], warnings: null, auth: { policies: ['root'] } } };
    const found = differences(a, b);
    assert.deepEqual(
      found.map((d) => d.field),
      ['exit', 'stdout.auth', 'stdout.data.foo', 'stdout.data.only_a', 'stdout.list.1'],
    );
    assert.match(formatDifferences(found), /stdout\.data\.only_a: A 1 ≠ B missing/);
    assert.deepEqual(differences(a, b, ['stdout', 'exit']), []);
    assert.deepEqual(differences({ l: [1] }, { l: [1, 2] }).map((d) => d.field), ['l']);
    assert.deepEqual(differences({ x: { a: 1 } }, { x: { a: 1 } }), []);
  });

  test("an error text agrees when Strongroom's contains OpenBao's, and only then", () => {
    const b = { stderr: 'Code: 503. Errors:\n\n* Vault is sealed', error: { errors: ['bad token'], message: 'Status 404' } };
    const a = { stderr: 'Code: 503. Errors:\n\n* Vault is sealed: unseal it first', error: { errors: ['bad token: unknown or revoked'], message: 'Status 404' } };
    assert.deepEqual(differences(a, b), []);
    assert.deepEqual(differences({ stderr: 'Error: x' }, { stderr: '' }).map((d) => d.field), ['stderr']);
    assert.deepEqual(differences({ errors: ['no mount'] }, { errors: ['no handler for route'] }).map((d) => d.field), ['errors.0']);
    assert.deepEqual(differences({ data: { note: 'ab' } }, { data: { note: 'a' } }).map((d) => d.field), ['data.note']);
  });

  test('the README table is read row by row, and a row must name its fields', () => {
    const readme = '# x\n\n## Differences from OpenBao\n\ntext\n\n| client | step | fields | why |\n| --- | --- | --- | --- |\n| bao | status | `stdout.storage_type`, `exit` | SQLite |\n\n## Next\n| a | b |\n';
    assert.deepEqual(parseKnownDifferences(readme, 'README'), [{ client: 'bao', step: 'status', fields: ['exit', 'stdout.storage_type'], why: 'SQLite' }]);
    assert.throws(() => parseKnownDifferences(readme.replace(/`[^`]+`, `exit`/, 'none'), 'README'), /names no field/);
    assert.throws(() => parseKnownDifferences('# x\n', 'README'), /no "## Differences from OpenBao" section/);
  });
});
