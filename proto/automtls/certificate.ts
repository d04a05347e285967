/**
 * AutoMTLS certificates (go-plugin `mtls.go` semantics, our own code), shared by both ends of the
 * wire: the host makes one for `PLUGIN_CLIENT_CERT`, a plugin built with the SDK makes one for
 * handshake field 6. Each side trusts exactly the peer's certificate, so each one must be usable
 * as its own CA. Imports node's crypto and @peculiar/x509 only, never either side's code.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';

/** A throw-away self-signed certificate and its key (named for the host, its first user). */
export interface HostCertificate {
  certPem: string;
  /** PKCS#8 PEM (`BEGIN PRIVATE KEY`), accepted by Node TLS and grpc-js. */
  keyPem: string;
  certDer: Uint8Array;
}

// Node's WebCrypto instead of the library's default lookup, so the provider is never ambiguous.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const BACKDATE_MS = 30_000; // tolerate small clock differences, like go-plugin
const VALIDITY_MS = 30 * 365 * 24 * 3600 * 1000; // one-shot cert: lives as long as the process

/** ECDSA P-256, CN and SAN DNS `localhost`, O `Strongroom`, CA, client+server auth. */
export async function createHostCertificate(): Promise<HostCertificate> {
  const keys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  // Positive 128-bit serial: clear the top bit so DER does not read it as negative.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: 'CN=localhost, O=Strongroom',
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + VALIDITY_MS),
    signingAlgorithm: KEY_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyEncipherment |
          x509.KeyUsageFlags.keyAgreement |
          x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const certDer = new Uint8Array(cert.rawData);
  return {
    certPem: derToPem('CERTIFICATE', certDer),
    keyPem: derToPem('PRIVATE KEY', new Uint8Array(pkcs8)),
    certDer,
  };
}

/** DER bytes → PEM text with 64-character lines. */
export function derToPem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
