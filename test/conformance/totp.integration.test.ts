/**
 * Vault's TOTP engine, unchanged, on Strongroom and on OpenBao: generate a key (otpauth URL and QR
 * code), import one by secret and one by URL, validate codes computed here (RFC 6238), a replayed
 * code refused, a wrong one invalid. See README.md.
 */
import assert from 'node:assert/strict';
import { conformanceSuite, type Step } from './support/suite';
import { base32, totpCode } from './support/totp';

/** RFC 6238's test secret. */
const secret = Buffer.from('12345678901234567890');
const urlSecret = Buffer.from('an imported secret, 32 bytes...!');
const urlParams = { secret: urlSecret, algorithm: 'sha256', digits: 8, period: 60 } as const;

/** Codes computed once per step, so both hosts get the same one (and the replay step repeats it). */
let importedCode: string | undefined;
let urlCode: string | undefined;

/** The code a host generated equals one computed here, for this period or a neighbour (skew 1). */
function matchesLocal(code: unknown, params: Parameters<typeof totpCode>[0]): void {
  const period = (params.period ?? 30) * 1000;
  const near = [-period, 0, period].map((delta) => totpCode(params, Date.now() + delta));
  assert.ok(near.includes(String(code)), `code ${String(code)} is one of the locally computed ${near.join(', ')}`);
}

const steps: Step[] = [
  {
    name: 'generate a key',
    operation: 'write',
    path: 'keys/generated',
    body: { generate: true, issuer: 'Strongroom', account_name: 'ann@example.com' },
    random: ['data.barcode', 'data.url'],
    check: (reply) => {
      assert.match(String(reply.data?.['url']), /^otpauth:\/\/totp\/Strongroom:ann@example\.com\?.*secret=[A-Z2-7]+/);
      const png = Buffer.from(String(reply.data?.['barcode']), 'base64');
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', 'the QR code is a PNG image');
    },
  },
  { name: 'read the generated key', operation: 'read', path: 'keys/generated' },
  { name: 'a code for the generated key', operation: 'read', path: 'code/generated', random: ['data.code'], check: (reply) => assert.match(String(reply.data?.['code']), /^\d{6}$/) },
  {
    name: 'the generated code validates',
    operation: 'write',
    path: 'code/generated',
    body: (history) => ({ code: history.get('a code for the generated key')?.data?.['code'] }),
    check: (reply) => assert.equal(reply.data?.['valid'], true),
  },
  { name: 'import a key by secret', operation: 'write', path: 'keys/imported', body: { key: base32(secret), issuer: 'Example', account_name: 'bob' } },
  { name: 'read the imported key', operation: 'read', path: 'keys/imported' },
  { name: 'the host computes the RFC 6238 code', operation: 'read', path: 'code/imported', random: ['data.code'], check: (reply) => matchesLocal(reply.data?.['code'], { secret }) },
  {
    name: 'a locally computed code validates',
    operation: 'write',
    path: 'code/imported',
    body: () => ({ code: (importedCode ??= totpCode({ secret })) }),
    check: (reply) => assert.equal(reply.data?.['valid'], true),
  },
  { name: 'the same code replayed is refused', operation: 'write', path: 'code/imported', body: () => ({ code: importedCode }), status: 400 },
  {
    name: 'a wrong code is invalid',
    operation: 'write',
    path: 'code/imported',
    body: () => ({ code: String((Number(totpCode({ secret })) + 500_000) % 1_000_000).padStart(6, '0') }),
    check: (reply) => assert.equal(reply.data?.['valid'], false),
  },
  {
    name: 'import a key by otpauth URL',
    operation: 'write',
    path: 'keys/from-url',
    body: { url: `otpauth://totp/Example:carol?secret=${base32(urlSecret)}&issuer=Example&algorithm=SHA256&digits=8&period=60` },
  },
  {
    name: 'read the URL key',
    operation: 'read',
    path: 'keys/from-url',
    check: (reply) => assert.deepEqual([reply.data?.['algorithm'], reply.data?.['digits'], reply.data?.['period']], ['SHA256', 8, 60]),
  },
  {
    name: 'a locally computed SHA256 8-digit code validates',
    operation: 'write',
    path: 'code/from-url',
    body: () => ({ code: (urlCode ??= totpCode(urlParams)) }),
    check: (reply) => assert.equal(reply.data?.['valid'], true),
  },
  { name: 'list keys', operation: 'list', path: 'keys/' },
  { name: 'delete the generated key', operation: 'delete', path: 'keys/generated' },
  { name: 'the deleted key is gone', operation: 'read', path: 'keys/generated', status: 404 },
  { name: 'a code for a missing key is refused', operation: 'read', path: 'code/generated', status: 400 },
];

conformanceSuite('totp', { fixture: 'vault-builtin-totp', mounts: ['totp'] }, steps);
