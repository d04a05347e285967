/**
 * Vault's PKI engine, unchanged, on Strongroom and on OpenBao: a root CA on `pki/`, an
 * intermediate on `pki_int/` (its CSR signed by the root, then set-signed), a role with leases,
 * issue, sign a CSR made by openssl, read a certificate by serial, revoke, rotate and read the CRL,
 * revoke through the lease, tidy (202 with a warning). Certificates, chain and CRL are checked
 * with openssl. See README.md.
 */
import assert from 'node:assert/strict';
import type { HostReply } from './support/hosts';
import { certificateText, keyAndCsr, openssl, pemFile, publicKeyOf, verifies } from './support/openssl';
import { conformanceSuite, dataOf, type History, type Step } from './support/suite';

const [, csrForSign] = keyAndCsr('api.example.com');
/** Certificate material and all that names one (ids, serials, times) is the host's own. */
const issued = ['data.certificate', 'data.issuing_ca', 'data.ca_chain', 'data.serial_number', 'data.expiration', 'data.issuer_id', 'data.key_id', 'data.private_key', 'data.authority_key_id'];
const root = (history: History) => String(dataOf(history, 'generate the root CA')['certificate']);
const intermediate = (history: History) => String(dataOf(history, 'the root signs the intermediate')['certificate']);
const leafSerial = (history: History) => String(dataOf(history, 'issue a certificate')['serial_number']);
const leasedSerial = (history: History) => String(dataOf(history, 'issue a second certificate')['serial_number']);
const rawText = (reply: HostReply) => reply.raw?.text ?? '';

const steps: Step[] = [
  {
    name: 'generate the root CA',
    operation: 'write',
    path: 'root/generate/internal',
    body: { common_name: 'Strongroom Test Root', issuer_name: 'root-2026', ttl: '8760h' },
    random: issued,
    check: (reply) => {
      const text = certificateText(String(reply.data?.['certificate']));
      assert.match(text, /Subject: CN\s?=\s?Strongroom Test Root/);
      assert.match(text, /Issuer: CN\s?=\s?Strongroom Test Root/);
      assert.match(text, /CA:TRUE/);
    },
  },
  {
    name: 'configure the URLs',
    operation: 'write',
    path: 'config/urls',
    body: { issuing_certificates: 'http://127.0.0.1:8200/v1/pki/ca', crl_distribution_points: 'http://127.0.0.1:8200/v1/pki/crl' },
  },
  { name: 'list issuers', operation: 'list', path: 'issuers/', random: ['data.keys', 'data.key_info'] },
  { name: 'read the default issuer', operation: 'read', path: 'issuer/default', random: [...issued, 'data.issuer_id', 'data.key_id'] },
  {
    name: 'the CA as raw PEM',
    operation: 'read',
    path: 'ca/pem',
    random: ['raw.text'],
    check: (reply, _host, history) => assert.equal(rawText(reply).trim(), root(history).trim()),
  },
  {
    name: 'generate the intermediate CSR',
    operation: 'write',
    mount: 'pki_int',
    path: 'intermediate/generate/internal',
    body: { common_name: 'Strongroom Test Intermediate' },
    random: ['data.csr', 'data.key_id'],
    check: (reply) => assert.match(openssl('req', '-noout', '-verify', '-in', pemFile(String(reply.data?.['csr']))), /verify OK/i),
  },
  {
    name: 'the root signs the intermediate',
    operation: 'write',
    path: 'root/sign-intermediate',
    body: (history) => ({ csr: dataOf(history, 'generate the intermediate CSR')['csr'], format: 'pem', ttl: '4380h' }),
    random: issued,
    check: (reply, _host, history) => {
      const certificate = String(reply.data?.['certificate']);
      assert.match(certificateText(certificate), /Subject: CN\s?=\s?Strongroom Test Intermediate/);
      assert.ok(verifies(certificate, root(history)), 'openssl verifies the intermediate against the root');
    },
  },
  {
    name: 'set the signed intermediate',
    operation: 'write',
    mount: 'pki_int',
    path: 'intermediate/set-signed',
    body: (history) => ({ certificate: `${intermediate(history)}\n${root(history)}` }),
    random: ['data.imported_issuers', 'data.imported_keys', 'data.mapping', 'data.existing_issuers', 'data.existing_keys'],
  },
  {
    name: 'a role with leases',
    operation: 'write',
    mount: 'pki_int',
    path: 'roles/example',
    body: { allowed_domains: 'example.com', allow_subdomains: true, max_ttl: '72h', generate_lease: true, key_type: 'ec', key_bits: 256 },
  },
  { name: 'read the role', operation: 'read', mount: 'pki_int', path: 'roles/example', random: ['data.issuer_ref'] },
  {
    name: 'issue a certificate',
    operation: 'write',
    mount: 'pki_int',
    path: 'issue/example',
    body: { common_name: 'www.example.com', ttl: '24h' },
    random: issued,
    check: (reply, _host, history) => {
      const certificate = String(reply.data?.['certificate']);
      assert.match(certificateText(certificate), /DNS:www\.example\.com/);
      assert.ok(verifies(certificate, root(history), intermediate(history)), 'openssl verifies leaf → intermediate → root');
      assert.equal(publicKeyOf(String(reply.data?.['private_key']), 'pkey'), publicKeyOf(certificate, 'x509'), 'the private key matches the certificate');
      assert.ok(reply.lease !== null, 'generate_lease: the certificate comes with a lease');
    },
  },
  { name: 'a domain outside the role is refused', operation: 'write', mount: 'pki_int', path: 'issue/example', body: { common_name: 'www.example.org' }, status: 400 },
  {
    name: 'sign a CSR',
    operation: 'write',
    mount: 'pki_int',
    path: 'sign/example',
    body: { csr: csrForSign, common_name: 'api.example.com', ttl: '24h' },
    random: issued,
    check: (reply, _host, history) => {
      const certificate = String(reply.data?.['certificate']);
      assert.ok(verifies(certificate, root(history), intermediate(history)), 'openssl verifies the signed CSR’s certificate');
      assert.equal(publicKeyOf(certificate, 'x509'), publicKeyOf(csrForSign, 'req'), 'the certificate carries the CSR’s key');
    },
  },
  {
    name: 'read a certificate by serial',
    operation: 'read',
    mount: 'pki_int',
    path: (history) => `cert/${leafSerial(history)}`,
    random: [...issued, 'data.revocation_time', 'data.revocation_time_rfc3339', 'data.authority_key_id'],
    check: (reply, _host, history) => assert.equal(String(reply.data?.['certificate']).trim(), String(dataOf(history, 'issue a certificate')['certificate']).trim()),
  },
  { name: 'list certificates', operation: 'list', mount: 'pki_int', path: 'certs/', random: ['data.keys'] },
  {
    name: 'revoke the certificate',
    operation: 'write',
    mount: 'pki_int',
    path: 'revoke',
    body: (history) => ({ serial_number: leafSerial(history) }),
    random: ['data.revocation_time', 'data.revocation_time_rfc3339'],
  },
  { name: 'rotate the CRL', operation: 'read', mount: 'pki_int', path: 'crl/rotate' },
  {
    name: 'the CRL lists the revoked serial',
    operation: 'read',
    mount: 'pki_int',
    path: 'crl/pem',
    random: ['raw.text'],
    check: (reply, _host, history) => {
      const crl = pemFile(rawText(reply));
      const text = openssl('crl', '-noout', '-text', '-in', crl);
      assert.ok(text.replace(/:/g, '').toUpperCase().includes(leafSerial(history).replace(/:/g, '').toUpperCase()), text);
      assert.match(openssl('crl', '-verify', '-noout', '-in', crl, '-CAfile', pemFile(intermediate(history))), /verify OK/, 'the CRL is signed by the intermediate');
    },
  },
  {
    name: 'the revoked certificate says so',
    operation: 'read',
    mount: 'pki_int',
    path: (history) => `cert/${leafSerial(history)}`,
    random: [...issued, 'data.revocation_time', 'data.revocation_time_rfc3339', 'data.authority_key_id'],
    check: (reply) => assert.ok(Number(reply.data?.['revocation_time']) > 0),
  },
  { name: 'issue a second certificate', operation: 'write', mount: 'pki_int', path: 'issue/example', body: { common_name: 'db.example.com', ttl: '1h' }, random: issued },
  {
    name: 'revoke the second through its lease',
    operation: 'write',
    mount: 'sys',
    path: 'leases/revoke',
    body: (history) => ({ lease_id: history.get('issue a second certificate')?.lease?.id }),
  },
  {
    name: 'the lease revocation revoked the certificate',
    operation: 'read',
    mount: 'pki_int',
    path: (history) => `cert/${leasedSerial(history)}`,
    random: [...issued, 'data.revocation_time', 'data.revocation_time_rfc3339', 'data.authority_key_id'],
    check: (reply) => assert.ok(Number(reply.data?.['revocation_time']) > 0),
  },
  {
    name: 'tidy',
    operation: 'write',
    mount: 'pki_int',
    path: 'tidy',
    body: { tidy_cert_store: true, tidy_revoked_certs: true, safety_buffer: '1s' },
    status: 202,
    check: (reply) => assert.ok(reply.warnings.some((warning) => /tidy operation/i.test(warning)), reply.warnings.join('; ')),
  },
];

conformanceSuite('pki', { fixture: 'vault-builtin-pki', mounts: ['pki', 'pki_int'] }, steps);
