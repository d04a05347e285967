import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BOX_OVERHEAD, type AeadKey } from '../../../electron/storage/aes-gcm';
import { Keyring } from '../../../electron/storage/keyring';

const AAD = Buffer.from('core/test');
const PLAIN = Buffer.from('a secret value');

function seal(key: AeadKey): Buffer {
  const out = Buffer.alloc(BOX_OVERHEAD + PLAIN.length);
  key.sealInto(PLAIN, AAD, out, 0);
  return out;
}

/** Two AeadKeys hold the same key bytes when what one seals the other opens. */
function sameKey(a: AeadKey, b: AeadKey): boolean {
  return b.open(seal(a), 0, AAD)?.equals(PLAIN) === true;
}

describe('keyring', () => {
  it('starts at term 1 with a 32-byte key', () => {
    const keyring = Keyring.create();
    assert.equal(keyring.activeTerm, 1);
    assert.equal(keyring.serialize().length, 9 + 44); // header + one term (term, time, 32-byte key)
    assert.ok(sameKey(keyring.activeKey, keyring.keyFor(1)!));
  });

  it('a new term becomes active and the old term is kept', () => {
    const first = Keyring.create();
    const second = first.withNewTerm();
    assert.equal(second.activeTerm, 2);
    assert.ok(sameKey(second.keyFor(1)!, first.keyFor(1)!));
    assert.ok(!sameKey(second.keyFor(2)!, second.keyFor(1)!));
    assert.deepEqual(second.describe().map((t) => t.term), [1, 2]);
  });

  it('serialises and parses back to the same keys', () => {
    const keyring = Keyring.create().withNewTerm().withNewTerm();
    const parsed = Keyring.parse(keyring.serialize());
    assert.equal(parsed.activeTerm, 3);
    for (const term of [1, 2, 3]) assert.ok(sameKey(parsed.keyFor(term)!, keyring.keyFor(term)!));
  });

  it('refuses a truncated record as corrupt', () => {
    const record = Keyring.create().serialize();
    assert.throws(() => Keyring.parse(record.subarray(0, record.length - 1)), { code: 'corrupt' });
  });

  it('destroy makes its keys unusable and the copy made by a rotation is independent', () => {
    const first = Keyring.create();
    const key = first.keyFor(1)!;
    const box = seal(key);
    const second = first.withNewTerm();
    first.destroy();
    assert.throws(() => key.open(box, 0, AAD), /destroyed/);
    assert.deepEqual(second.keyFor(1)!.open(box, 0, AAD), PLAIN);
    assert.equal(first.keyFor(1), undefined);
  });
});
