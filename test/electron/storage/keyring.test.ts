import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Keyring } from '../../../electron/storage/keyring';

describe('keyring', () => {
  it('starts at term 1 with a 32-byte key', () => {
    const keyring = Keyring.create();
    assert.equal(keyring.activeTerm, 1);
    assert.equal(keyring.activeKey.length, 32);
  });

  it('a new term becomes active and the old term is kept', () => {
    const first = Keyring.create();
    const second = first.withNewTerm();
    assert.equal(second.activeTerm, 2);
    assert.deepEqual(second.keyFor(1), first.keyFor(1));
    assert.notDeepEqual(second.keyFor(2), second.keyFor(1));
    assert.deepEqual(second.describe().map((t) => t.term), [1, 2]);
  });

  it('serialises and parses back to the same keys', () => {
    const keyring = Keyring.create().withNewTerm().withNewTerm();
    const parsed = Keyring.parse(keyring.serialize());
    assert.equal(parsed.activeTerm, 3);
    for (const term of [1, 2, 3]) assert.deepEqual(parsed.keyFor(term), keyring.keyFor(term));
  });

  it('refuses a truncated record as corrupt', () => {
    const record = Keyring.create().serialize();
    assert.throws(() => Keyring.parse(record.subarray(0, record.length - 1)), { code: 'corrupt' });
  });

  it('destroy zeroes the key bytes and the copy made by a rotation is independent', () => {
    const first = Keyring.create();
    const key = first.keyFor(1)!;
    const second = first.withNewTerm();
    first.destroy();
    assert.ok(key.every((b) => b === 0));
    assert.ok(second.keyFor(1)!.some((b) => b !== 0));
    assert.equal(first.keyFor(1), undefined);
  });
});
