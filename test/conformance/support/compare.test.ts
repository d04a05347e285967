/** The conformance comparison itself: what it treats as equal, and that it finds each kind of difference. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareReplies, leaseIdPath, shapeOf } from './compare';
import type { HostReply } from './hosts';
import { knownDifferences, parseKnownDifferences } from './known-differences';

const reply = (over: Partial<HostReply> = {}): HostReply => ({ status: 200, errors: null, data: null, warnings: [], lease: null, raw: null, ...over });

describe('conformance comparison', () => {
  test('random fields compare by shape, everything else by value', () => {
    const a = reply({ data: { ciphertext: 'vault:v1:abc+/==', keys: { '1': 1700000000 }, name: 'k' } });
    const b = reply({ data: { ciphertext: 'vault:v1:Zyx9', keys: { '1': 1800000000 }, name: 'k' } });
    assert.deepEqual(compareReplies(a, b, ['data.ciphertext', 'data.keys']), []);
    assert.deepEqual(compareReplies(a, b, []), ['data.ciphertext', 'data.keys.1']);
    assert.deepEqual(compareReplies(a, reply({ data: { ...b.data, name: 'other' } }), ['data.ciphertext', 'data.keys']), ['data.name']);
  });

  test('a shape keeps structure: prefixes, object sizes, types', () => {
    assert.notDeepEqual(shapeOf('vault:v1:abc'), shapeOf('abc'));
    assert.notDeepEqual(shapeOf({ 1: 'a', 2: 'b' }), shapeOf({ 1: 'a' }));
    assert.notDeepEqual(shapeOf({ a: 1 }), shapeOf({ a: '1' }));
    assert.deepEqual(shapeOf({ 'aa-bb': 'x' }), shapeOf({ 'cc-dd': 'y' }));
  });

  test('a certificate serial is one shape from 2 to 20 octets, and only a serial is', () => {
    const serial = (octets: number) => Array.from({ length: octets }, (_, i) => (i + 10).toString(16).padStart(2, '0')).join(':');
    assert.deepEqual(shapeOf(serial(19)), shapeOf(serial(20)), 'a leading zero octet is not printed');
    assert.deepEqual(shapeOf({ serial_number: serial(20) }), shapeOf({ serial_number: serial(2) }));
    assert.notDeepEqual(shapeOf(serial(21)), shapeOf(serial(20)), 'over 20 octets is not a serial');
    assert.notDeepEqual(shapeOf('abcd'), shapeOf(serial(2)));
    assert.notDeepEqual(shapeOf(`${serial(20)}:x`), shapeOf(serial(20)));
  });

  test('status, missing fields, warnings, leases and raw bodies are differences', () => {
    assert.deepEqual(compareReplies(reply({ status: 500, errors: ['x'] }), reply({ status: 400, errors: ['x'] }), []), ['status']);
    assert.deepEqual(compareReplies(reply({ data: { a: 1 } }), reply({ data: { a: 1, b: 2 } }), []), ['data.b']);
    assert.deepEqual(compareReplies(reply({ warnings: ['w'] }), reply(), []), ['warnings']);
    assert.deepEqual(compareReplies(reply({ lease: { id: 'a/b', ttl: 1, renewable: false } }), reply(), []), ['lease']);
    assert.deepEqual(compareReplies(reply({ raw: { contentType: 'text/plain', text: 'x' } }), reply({ data: { x: 1 } }), []), ['data', 'raw']);
  });

  test("an error must carry OpenBao's message; a 500's multierror list counts by its items", () => {
    const bao = reply({ status: 500, errors: ['1 error occurred:\n\t* invalid key size\n\n'] });
    assert.deepEqual(compareReplies(reply({ status: 500, errors: ['internal_error: invalid key size'] }), bao, []), []);
    assert.deepEqual(compareReplies(reply({ status: 500, errors: ['internal_error: something else'] }), bao, []), ['errors']);
  });

  test("a lease id must be Vault's <request path>/<24 base62> on both hosts, for the same path", () => {
    const lease = (id: string) => reply({ lease: { id, ttl: 3600, renewable: true } });
    const vault = 'pki/issue/web/AbCdEfGhIjKlMnOpQrStUvWx';
    assert.equal(leaseIdPath(vault), 'pki/issue/web');
    assert.deepEqual(compareReplies(lease('pki/issue/web/0123456789abcdefghijklmn'), lease(vault), []), []);
    assert.deepEqual(compareReplies(lease('pki/issue/web/0b7c2d1e-3f4a-4b5c-8d6e-7f8091a2b3c4'), lease(vault), []), ['lease.id'], 'a uuid is not Vault\'s shape');
    assert.deepEqual(compareReplies(lease('pki/issue/web/AbCdEfGhIjKlMnOpQrStUvW'), lease(vault), []), ['lease.id'], '23 characters');
    assert.deepEqual(compareReplies(lease('pki/issue/api/AbCdEfGhIjKlMnOpQrStUvWx'), lease(vault), []), ['lease.id'], 'another request path');
    assert.deepEqual(compareReplies(reply({ lease: { id: vault, ttl: 3599, renewable: false } }), lease(vault), []), ['lease.renewable']);
  });

  test('the differences table parses into rows with backticked fields', () => {
    const text = '# x\n\n## Differences\n\n| engine | step | fields | why |\n| --- | --- | --- | --- |\n| pki | issue | `b`, `a` | because |\n\n## Next\n| not | a | row | here |\n';
    assert.deepEqual(parseKnownDifferences(text, 'README'), [{ engine: 'pki', step: 'issue', fields: ['a', 'b'], why: 'because' }]);
    assert.deepEqual(parseKnownDifferences(text.replace(/\| pki .*\n/, ''), 'README'), []);
    assert.throws(() => parseKnownDifferences('# x\n', 'README'), /README has no "## Differences" section/);
    assert.throws(() => parseKnownDifferences(text.replace('| because |', '|'), 'README'), /a differences row needs 4 cells/);
  });

  test("the README's table rows name an engine, fields and why", () => {
    for (const row of knownDifferences()) {
      assert.ok(['transit', 'pki', 'totp', 'ssh'].includes(row.engine), row.engine);
      assert.ok(row.fields.length > 0 && row.why !== '', JSON.stringify(row));
    }
  });
});
