import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, test } from 'node:test';
import { isHostError } from '../../../plugin-host/errors';
import { createHostCertificate, pluginCertificateToPem } from '../../../plugin-host/launch/mtls';

describe('createHostCertificate', () => {
  test('makes a self-signed localhost CA certificate for client and server auth', async () => {
    const before = Date.now();
    const { certPem, keyPem, certDer } = await createHostCertificate();
    const cert = new X509Certificate(certPem);

    assert.equal(cert.subject, 'CN=localhost\nO=Strongroom');
    assert.equal(cert.issuer, cert.subject);
    assert.equal(cert.subjectAltName, 'DNS:localhost');
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.ca, true);
    assert.equal(cert.verify(cert.publicKey), true);
    assert.deepEqual(new Set(cert.keyUsage ?? []), new Set(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    const notBefore = Date.parse(cert.validFrom);
    assert.ok(notBefore <= before - 29_000 && notBefore >= before - 32_000, `notBefore ${cert.validFrom}`);
    assert.deepEqual(Buffer.from(certDer), cert.raw);

    const usages = new x509.X509Certificate(certPem).getExtension(x509.KeyUsagesExtension);
    const F = x509.KeyUsageFlags;
    assert.equal(usages?.usages, F.digitalSignature | F.keyEncipherment | F.keyAgreement | F.keyCertSign);

    const key = createPrivateKey(keyPem);
    assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(key.asymmetricKeyType, 'ec');
    assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(cert.checkPrivateKey(key), true);
  });

  test('gives every call a fresh key and serial', async () => {
    const [a, b] = await Promise.all([createHostCertificate(), createHostCertificate()]);
    assert.notEqual(a.keyPem, b.keyPem);
    assert.notEqual(new X509Certificate(a.certPem).serialNumber, new X509Certificate(b.certPem).serialNumber);
  });
});

describe('pluginCertificateToPem', () => {
  test('accepts Go RawStdEncoding (no padding) and padded base64 alike', async () => {
    // Find a certificate whose DER length is not a multiple of 3, so padding matters.
    let der: Buffer;
    do der = Buffer.from((await createHostCertificate()).certDer);
    while (der.length % 3 === 0);
    const padded = der.toString('base64');
    const raw = padded.replace(/=+$/, '');
    assert.notEqual(raw, padded);

    const pem = pluginCertificateToPem(raw);
    assert.equal(pluginCertificateToPem(padded), pem);
    assert.deepEqual(new X509Certificate(pem).raw, der);
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
  });

  const rejected: Array<[string, string]> = [
    ['not base64 at all', 'this is not base64!!'.repeat(4)],
    ['url-safe alphabet', 'MIIB-_' + 'A'.repeat(60)],
    ['base64 of bytes that are not a certificate', Buffer.from('x'.repeat(80)).toString('base64')],
    ['a truncated certificate', 'MIIBkTCCATegAwIBAgIRAP' + 'A'.repeat(40)],
  ];
  for (const [name, field] of rejected) {
    test(`rejects ${name} with bad_certificate`, () => {
      assert.throws(
        () => pluginCertificateToPem(field),
        (error) => isHostError(error) && error.code === 'bad_certificate' && /field 6/.test(error.message),
      );
    });
  }
});
