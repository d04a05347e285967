/**
 * Both AES-256-GCM implementations: the published test vector, boxes that cross between them,
 * authentication failures, and misuse refused with a clear error. The native module is built by
 * `npm install`; CI sets STRONGROOM_REQUIRE_NATIVE_AEAD=1 so it can never be silently absent there.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AeadKey, aesGcmImplementation, BOX_OVERHEAD } from '../../../electron/storage/aes-gcm';
import { loadNativeAesGcm, type AesGcmKeyImplementation } from '../../../electron/storage/aes-gcm-native';
import { NodeAesGcmKey } from '../../../electron/storage/aes-gcm-node';

const native = loadNativeAesGcm({});
const skipNative = native.loaded ? false : `native module not loaded: ${native.problem}`;

type Factory = (key: Buffer) => AesGcmKeyImplementation;
const implementations: Array<[string, Factory | undefined]> = [
  ['node:crypto', (key) => new NodeAesGcmKey(key)],
  ['native', native.loaded ? (key) => new native.AesGcmKey(key) : undefined],
];

// The GCM specification's test case 16 (McGrew & Viega): AES-256, 96-bit IV, 20 bytes of AAD.
const vector = {
  key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
  iv: 'cafebabefacedbaddecaf888',
  aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
  plaintext:
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
  ciphertext:
    '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
  tag: '76fc6ece0f4e1768cddf8853bb2d551b',
};
const hex = (s: string) => Buffer.from(s, 'hex');

/** Seals with a chosen nonce at `offset` of a larger buffer, as the barrier does after its header. */
function sealAt(impl: AesGcmKeyImplementation, nonce: Buffer, plaintext: Uint8Array, aad: Uint8Array, offset = 0): Buffer {
  const out = Buffer.alloc(offset + BOX_OVERHEAD + plaintext.length, 0xee);
  nonce.copy(out, offset);
  impl.sealInto(plaintext, aad, out, offset);
  return out;
}

function openAt(impl: AesGcmKeyImplementation, sealed: Buffer, aad: Uint8Array, offset = 0): Buffer | undefined {
  const out = Buffer.alloc(sealed.length - offset - BOX_OVERHEAD, 0xee);
  return impl.openInto(sealed, offset, aad, out) ? out : undefined;
}

describe('AES-256-GCM implementations', () => {
  it('CI runs with the native module', { skip: process.env.STRONGROOM_REQUIRE_NATIVE_AEAD !== '1' }, () => {
    assert.equal(aesGcmImplementation.name, 'native', aesGcmImplementation.problem);
  });

  it('STRONGROOM_AEAD=node chooses node:crypto and says so', () => {
    const chosen = loadNativeAesGcm({ STRONGROOM_AEAD: 'node' });
    assert.equal(chosen.loaded, false);
    assert.match(chosen.loaded ? '' : chosen.problem, /STRONGROOM_AEAD=node/);
  });

  it('a missing or broken module file leaves node:crypto in charge, with the fix in the reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strongroom-aead-'));
    try {
      const missing = loadNativeAesGcm({}, [path.join(dir, 'strongroom_aead.node')]);
      assert.match(missing.loaded ? '' : missing.problem, /is not built \(run `npm run build:native`; it needs Rust's cargo\)/);
      writeFileSync(path.join(dir, 'strongroom_aead.node'), 'not a shared library');
      const broken = loadNativeAesGcm({}, [path.join(dir, 'strongroom_aead.node')]);
      assert.match(broken.loaded ? '' : broken.problem, /did not load \(.+\); rebuild it with `npm run build:native`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [name, create] of implementations) {
    describe(name, { skip: create === undefined ? skipNative : false }, () => {
      const make = create!;

      it('matches the GCM specification test vector, both ways', () => {
        const impl = make(hex(vector.key));
        const sealed = sealAt(impl, hex(vector.iv), hex(vector.plaintext), hex(vector.aad), 5);
        assert.equal(sealed.subarray(5).toString('hex'), vector.iv + vector.ciphertext + vector.tag);
        assert.equal(openAt(impl, sealed, hex(vector.aad), 5)?.toString('hex'), vector.plaintext);
      });

      it('refuses altered bytes, other associated data and another key, zeroing its output', () => {
        const impl = make(randomBytes(32));
        const aad = Buffer.from('logical/uuid/a');
        const sealed = sealAt(impl, randomBytes(12), Buffer.from('value'), aad);
        for (const at of [0, 11, 12, 16, sealed.length - 1]) {
          const altered = Buffer.from(sealed);
          altered[at]! ^= 0x01;
          assert.equal(openAt(impl, altered, aad), undefined, `byte ${at} altered`);
        }
        assert.equal(openAt(impl, sealed, Buffer.from('logical/uuid/b')), undefined);
        assert.equal(openAt(make(randomBytes(32)), sealed, aad), undefined);
        const out = Buffer.alloc(5, 0xee);
        assert.equal(impl.openInto(sealed, 0, Buffer.from('other'), out), false);
        // Never unauthenticated plaintext: native zeroes the output, node:crypto never wrote to it.
        assert.deepEqual(out, Buffer.alloc(5, name === 'native' ? 0 : 0xee));
      });

      it('seals an empty value and a Uint8Array that is not a Buffer', () => {
        const impl = make(randomBytes(32));
        const aad = new Uint8Array([1, 2, 3]);
        assert.deepEqual(openAt(impl, sealAt(impl, randomBytes(12), new Uint8Array(0), aad), aad), Buffer.alloc(0));
        const plain = new Uint8Array([9, 8, 7, 6]);
        assert.deepEqual(openAt(impl, sealAt(impl, randomBytes(12), plain, aad), aad), Buffer.from(plain));
      });

      it('fails clearly once destroyed', () => {
        const impl = make(randomBytes(32));
        const sealed = sealAt(impl, randomBytes(12), Buffer.from('x'), Buffer.alloc(0));
        impl.destroy();
        assert.throws(() => openAt(impl, sealed, Buffer.alloc(0)), /destroyed/);
        assert.throws(() => sealAt(impl, randomBytes(12), Buffer.from('x'), Buffer.alloc(0)), /destroyed/);
      });
    });
  }

  describe('native module', { skip: skipNative }, () => {
    const Native = native.loaded ? native.AesGcmKey : undefined;

    it('boxes cross between the two implementations in both directions', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 5000 }), fc.uint8Array({ maxLength: 300 }), fc.nat(16), (plain, aad, offset) => {
          const key = randomBytes(32);
          const [n, js] = [new Native!(key), new NodeAesGcmKey(key)];
          const nonce = randomBytes(12);
          const byNative = sealAt(n, nonce, plain, aad, offset);
          assert.deepEqual(byNative, sealAt(js, nonce, plain, aad, offset)); // deterministic for a nonce
          assert.deepEqual(openAt(js, byNative, aad, offset), Buffer.from(plain));
          assert.deepEqual(openAt(n, byNative, aad, offset), Buffer.from(plain));
        }),
        { numRuns: 300 },
      );
    });

    it('refuses a wrong key length, a wrong output length and an output overlapping its input', () => {
      assert.throws(() => new Native!(randomBytes(16)), /32 bytes, got 16/);
      const impl = new Native!(randomBytes(32));
      const plain = Buffer.from('plaintext');
      assert.throws(() => impl.sealInto(plain, Buffer.alloc(0), Buffer.alloc(BOX_OVERHEAD + plain.length + 1), 0), /must be 37 bytes/);
      const shared = Buffer.alloc(100);
      assert.throws(() => impl.sealInto(shared.subarray(0, 10), Buffer.alloc(0), shared.subarray(5, 5 + 38), 0), /must not share memory/);
      const sealed = sealAt(impl, randomBytes(12), plain, Buffer.alloc(0));
      assert.throws(() => impl.openInto(sealed, 0, Buffer.alloc(0), Buffer.alloc(3)), /plaintext length/);
      assert.throws(() => impl.openInto(sealed, 0, Buffer.alloc(0), sealed.subarray(12, 21)), /must not share memory/);
    });

    it('a megabyte round-trips through AeadKey with either implementation', () => {
      const key = randomBytes(32);
      const plain = randomBytes(1 << 20);
      const aad = Buffer.from('core/big');
      const out = Buffer.alloc(BOX_OVERHEAD + plain.length);
      new AeadKey(key, 'native').sealInto(plain, aad, out, 0);
      assert.deepEqual(new AeadKey(key, 'node:crypto').open(out, 0, aad), plain);
      assert.equal(new AeadKey(key, 'native').open(out, 1, aad), undefined); // a shifted box
    });
  });
});
