/**
 * Vault's transit engine, unchanged, on Strongroom and on OpenBao: keys of every type, encrypt and
 * decrypt, rotate, rewrap, sign and verify (signatures checked with node:crypto), HMAC (checked
 * against the exported HMAC key), backup and restore, refused and allowed deletion, config, data
 * keys. See README.md.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { conformanceSuite, dataOf, type Step } from './support/suite';
import type { HostReply } from './support/hosts';

const plaintext = Buffer.from('the quick brown fox').toString('base64');
const input = Buffer.from('a message to sign').toString('base64');

const encryptionTypes = ['aes128-gcm96', 'aes256-gcm96', 'chacha20-poly1305', 'rsa-2048', 'rsa-3072', 'rsa-4096'];
const signingTypes = ['ed25519', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'rsa-2048', 'rsa-3072', 'rsa-4096'];
const keyTypes = [...new Set([...encryptionTypes, ...signingTypes, 'hmac'])];
/** A key's creation time, per-version keys and public keys are the host's own. */
const keyRandom = ['data.keys', 'data.public_key', 'data.creation_time', 'data.backup_info.time', 'data.restore_info.time'];

const vaultSignature = (value: unknown): Buffer => {
  assert.match(String(value), /^vault:v1:/);
  return Buffer.from(String(value).slice('vault:v1:'.length), 'base64');
};

/** Verifies transit's signature with node:crypto and the public key transit published. */
function verifyLocally(type: string, key: HostReply, signed: HostReply): void {
  const version = (dataOf(new Map([['k', key]]), 'k')['keys'] as Record<string, { public_key: string }>)['1'];
  assert.ok(version !== undefined, 'the key has a version 1 with a public key');
  const signature = vaultSignature(signed.data?.['signature']);
  const message = Buffer.from(input, 'base64');
  let valid: boolean;
  if (type === 'ed25519') {
    const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(version.public_key, 'base64').toString('base64url') }, format: 'jwk' });
    valid = crypto.verify(null, message, publicKey, signature);
  } else if (type.startsWith('ecdsa')) {
    valid = crypto.verify('sha256', message, version.public_key, signature);
  } else {
    valid = crypto.verify('sha256', message, { key: version.public_key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO }, signature);
  }
  assert.ok(valid, `node:crypto verifies transit's ${type} signature`);
}

const perType: Step[] = keyTypes.flatMap((type): Step[] => {
  const key = `k-${type}`;
  const steps: Step[] = [
    { name: `create ${type} key`, operation: 'write', path: `keys/${key}`, body: type === 'hmac' ? { type, exportable: true, key_size: 32 } : { type }, random: keyRandom },
    { name: `read ${type} key`, operation: 'read', path: `keys/${key}`, random: keyRandom },
  ];
  if (encryptionTypes.includes(type)) {
    steps.push(
      { name: `encrypt with ${type}`, operation: 'write', path: `encrypt/${key}`, body: { plaintext }, random: ['data.ciphertext'] },
      {
        name: `decrypt with ${type}`,
        operation: 'write',
        path: `decrypt/${key}`,
        body: (history) => ({ ciphertext: dataOf(history, `encrypt with ${type}`)['ciphertext'] }),
        check: (reply) => assert.equal(reply.data?.['plaintext'], plaintext),
      },
    );
  }
  if (signingTypes.includes(type)) {
    steps.push(
      {
        name: `sign with ${type}`,
        operation: 'write',
        path: `sign/${key}`,
        body: { input },
        random: ['data.signature'],
        check: (reply, _host, history) => verifyLocally(type, history.get(`read ${type} key`) as HostReply, reply),
      },
      {
        name: `verify with ${type}`,
        operation: 'write',
        path: `verify/${key}`,
        body: (history) => ({ input, signature: dataOf(history, `sign with ${type}`)['signature'] }),
        check: (reply) => assert.equal(reply.data?.['valid'], true),
      },
    );
  }
  steps.push({ name: `hmac with ${type}`, operation: 'write', path: `hmac/${key}`, body: { input }, random: ['data.hmac'] });
  return steps;
});

const steps: Step[] = [
  // Vault answers this 500 (transit returns a bare error): the same class on both hosts.
  { name: 'hmac key without key_size refused', operation: 'write', path: 'keys/k-no-size', body: { type: 'hmac' }, status: 500 },
  ...perType,
  {
    name: 'export the hmac key',
    operation: 'read',
    path: 'export/hmac-key/k-hmac',
    random: ['data.keys'],
  },
  {
    name: 'hmac matches the exported key',
    operation: 'write',
    path: 'verify/k-hmac',
    body: (history) => ({ input, hmac: dataOf(history, 'hmac with hmac')['hmac'] }),
    check: (reply, _host, history) => {
      assert.equal(reply.data?.['valid'], true);
      const exported = (dataOf(history, 'export the hmac key')['keys'] as Record<string, string>)['1'] ?? '';
      const local = crypto.createHmac('sha256', Buffer.from(exported, 'base64')).update(Buffer.from(input, 'base64')).digest('base64');
      assert.equal(dataOf(history, 'hmac with hmac')['hmac'], `vault:v1:${local}`, 'HMAC-SHA256 computed locally with the exported key');
    },
  },
  { name: 'list keys', operation: 'list', path: 'keys/', check: (reply) => assert.equal((reply.data?.['keys'] as string[]).length, keyTypes.length) },
  { name: 'rotate aes256 key', operation: 'write', path: 'keys/k-aes256-gcm96/rotate', random: keyRandom },
  { name: 'read rotated key', operation: 'read', path: 'keys/k-aes256-gcm96', random: keyRandom, check: (reply) => assert.equal(reply.data?.['latest_version'], 2) },
  {
    name: 'rewrap to the new version',
    operation: 'write',
    path: 'rewrap/k-aes256-gcm96',
    body: (history) => ({ ciphertext: dataOf(history, 'encrypt with aes256-gcm96')['ciphertext'] }),
    random: ['data.ciphertext'],
    check: (reply) => assert.match(String(reply.data?.['ciphertext']), /^vault:v2:/),
  },
  {
    name: 'decrypt the rewrapped ciphertext',
    operation: 'write',
    path: 'decrypt/k-aes256-gcm96',
    body: (history) => ({ ciphertext: dataOf(history, 'rewrap to the new version')['ciphertext'] }),
    check: (reply) => assert.equal(reply.data?.['plaintext'], plaintext),
  },
  { name: 'min_decryption_version config', operation: 'write', path: 'keys/k-aes256-gcm96/config', body: { min_decryption_version: 2, exportable: true, allow_plaintext_backup: true }, random: keyRandom },
  {
    name: 'version 1 ciphertext refused after min_decryption_version',
    operation: 'write',
    path: 'decrypt/k-aes256-gcm96',
    body: (history) => ({ ciphertext: dataOf(history, 'encrypt with aes256-gcm96')['ciphertext'] }),
    status: 400,
  },
  { name: 'backup', operation: 'read', path: 'backup/k-aes256-gcm96', random: ['data.backup'] },
  { name: 'restore under a new name', operation: 'write', path: 'restore/k-restored', body: (history) => ({ backup: dataOf(history, 'backup')['backup'] }) },
  {
    name: 'the restored key decrypts',
    operation: 'write',
    path: 'decrypt/k-restored',
    body: (history) => ({ ciphertext: dataOf(history, 'rewrap to the new version')['ciphertext'] }),
    check: (reply) => assert.equal(reply.data?.['plaintext'], plaintext),
  },
  { name: 'delete refused without deletion_allowed', operation: 'delete', path: 'keys/k-restored', status: 400 },
  { name: 'allow deletion', operation: 'write', path: 'keys/k-restored/config', body: { deletion_allowed: true }, random: keyRandom },
  { name: 'delete', operation: 'delete', path: 'keys/k-restored' },
  { name: 'the deleted key is gone', operation: 'read', path: 'keys/k-restored', status: 404 },
  { name: 'write the cache config', operation: 'write', path: 'cache-config', body: { size: 600 } },
  { name: 'read the cache config', operation: 'read', path: 'cache-config' },
  { name: 'write the keys config', operation: 'write', path: 'config/keys', body: { disable_upsert: true } },
  { name: 'read the keys config', operation: 'read', path: 'config/keys', check: (reply) => assert.equal(reply.data?.['disable_upsert'], true) },
  { name: 'encrypt refused for a missing key with upsert disabled', operation: 'write', path: 'encrypt/no-such-key', body: { plaintext }, status: 400 },
  { name: 'plaintext data key', operation: 'write', path: 'datakey/plaintext/k-aes128-gcm96', body: { bits: 256 }, random: ['data.plaintext', 'data.ciphertext'] },
  {
    name: 'the data key decrypts to its plaintext',
    operation: 'write',
    path: 'decrypt/k-aes128-gcm96',
    body: (history) => ({ ciphertext: dataOf(history, 'plaintext data key')['ciphertext'] }),
    random: ['data.plaintext'],
    check: (reply, _host, history) => {
      assert.equal(reply.data?.['plaintext'], dataOf(history, 'plaintext data key')['plaintext']);
      assert.equal(Buffer.from(String(reply.data?.['plaintext']), 'base64').length, 32);
    },
  },
  {
    name: 'wrapped data key has no plaintext',
    operation: 'write',
    path: 'datakey/wrapped/k-aes128-gcm96',
    random: ['data.ciphertext'],
    check: (reply) => assert.equal(reply.data?.['plaintext'], undefined),
  },
  { name: 'random bytes', operation: 'write', path: 'random/32', random: ['data.random_bytes'] },
  { name: 'hash', operation: 'write', path: 'hash/sha2-256', body: { input }, check: (reply) => assert.equal(reply.data?.['sum'], crypto.createHash('sha256').update(Buffer.from(input, 'base64')).digest('hex')) },
];

conformanceSuite('transit', { fixture: 'vault-builtin-transit', mounts: ['transit'] }, steps);
