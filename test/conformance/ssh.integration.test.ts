/**
 * Vault's SSH engine, unchanged, on Strongroom and on OpenBao: a CA with a generated signing key
 * (its public key also as the raw `public_key` reply), a signing role, a user key made by
 * ssh-keygen signed and then read back with `ssh-keygen -L`, and the OTP flow (role, credential
 * with its lease, verify once). See README.md.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { conformanceSuite, dataOf, type Step } from './support/suite';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-ssh-conformance-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ann@laptop', '-f', path.join(work, 'id_ed25519')]);
const userKey = fs.readFileSync(path.join(work, 'id_ed25519.pub'), 'utf8');

/** `ssh-keygen -l` / `-L` on a key given as text. */
function sshKeygen(flag: '-l' | '-L', key: string, name: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, key);
  return execFileSync('ssh-keygen', [flag, '-f', file], { encoding: 'utf8' });
}
const fingerprint = (key: string, name: string) => /SHA256:\S+/.exec(sshKeygen('-l', key, name))?.[0];

const steps: Step[] = [
  {
    name: 'generate the CA signing key',
    operation: 'write',
    path: 'config/ca',
    body: { generate_signing_key: true },
    random: ['data.public_key'],
    check: (reply) => assert.match(String(reply.data?.['public_key']), /^ssh-rsa AAAA/),
  },
  { name: 'read the CA', operation: 'read', path: 'config/ca', random: ['data.public_key'] },
  {
    name: 'the CA public key as a raw reply',
    operation: 'read',
    path: 'public_key',
    random: ['raw.text'],
    check: (reply, _host, history) => assert.equal(reply.raw?.text.trim(), String(dataOf(history, 'read the CA')['public_key']).trim()),
  },
  {
    name: 'a signing role',
    operation: 'write',
    path: 'roles/signer',
    body: {
      key_type: 'ca',
      allow_user_certificates: true,
      allow_user_key_ids: true,
      allowed_users: 'ubuntu,deploy',
      default_user: 'ubuntu',
      ttl: '30m',
      max_ttl: '1h',
      allowed_extensions: 'permit-pty',
      default_extensions: { 'permit-pty': '' },
    },
  },
  { name: 'read the signing role', operation: 'read', path: 'roles/signer' },
  {
    name: 'sign a user key',
    operation: 'write',
    path: 'sign/signer',
    body: { public_key: userKey, valid_principals: 'ubuntu,deploy', key_id: 'ann' },
    random: ['data.serial_number', 'data.signed_key'],
    check: (reply, host, history) => {
      const signed = String(reply.data?.['signed_key']);
      const text = sshKeygen('-L', signed, `${host}-cert.pub`);
      assert.match(text, /Type: ssh-ed25519-cert-v01@openssh\.com user certificate/);
      assert.match(text, /Key ID: "ann"/);
      assert.match(text, /Principals:\s+deploy\s+ubuntu/);
      assert.match(text, /permit-pty/);
      const serial = BigInt(`0x${String(reply.data?.['serial_number'])}`);
      assert.match(text, new RegExp(`Serial: ${serial}\\b`));
      const ca = fingerprint(String(dataOf(history, 'read the CA')['public_key']), `${host}-ca.pub`);
      assert.ok(ca !== undefined && text.includes(`Signing CA: RSA ${ca}`), `signed by the CA ${ca}:\n${text}`);
      assert.ok(text.includes(`Public key: ED25519-CERT ${fingerprint(userKey, 'user.pub')}`), text);
    },
  },
  { name: 'a principal outside the role is refused', operation: 'write', path: 'sign/signer', body: { public_key: userKey, valid_principals: 'root' }, status: 400 },
  { name: 'an OTP role', operation: 'write', path: 'roles/otp', body: { key_type: 'otp', default_user: 'ubuntu', cidr_list: '10.0.0.0/24' } },
  { name: 'read the OTP role', operation: 'read', path: 'roles/otp' },
  { name: 'list roles', operation: 'list', path: 'roles/' },
  { name: 'roles for an IP', operation: 'write', path: 'lookup', body: { ip: '10.0.0.5' } },
  {
    name: 'an OTP credential',
    operation: 'write',
    path: 'creds/otp',
    body: { ip: '10.0.0.5' },
    random: ['data.key'],
    check: (reply) => {
      assert.match(String(reply.data?.['key']), /^[0-9a-f-]{36}$/);
      assert.ok(reply.lease !== null, 'the OTP comes with a lease');
    },
  },
  { name: 'an IP outside the role is refused', operation: 'write', path: 'creds/otp', body: { ip: '192.168.1.1' }, status: 400 },
  {
    name: 'verify the OTP',
    operation: 'write',
    path: 'verify',
    body: (history) => ({ otp: dataOf(history, 'an OTP credential')['key'] }),
    check: (reply) => assert.deepEqual([reply.data?.['ip'], reply.data?.['username'], reply.data?.['role_name']], ['10.0.0.5', 'ubuntu', 'otp']),
  },
  { name: 'the OTP verifies only once', operation: 'write', path: 'verify', body: (history) => ({ otp: dataOf(history, 'an OTP credential')['key'] }), status: 400 },
  { name: 'delete the OTP role', operation: 'delete', path: 'roles/otp' },
  { name: 'the deleted role is gone', operation: 'read', path: 'roles/otp', status: 404 },
];

conformanceSuite('ssh', { fixture: 'vault-builtin-ssh', mounts: ['ssh'] }, steps);
