/**
 * AutoMTLS certificates (go-plugin `mtls.go` semantics, our own code).
 *
 * The host makes one throw-away self-signed certificate, hands its PEM to the plugin in
 * `PLUGIN_CLIENT_CERT`, and pins the plugin's certificate from handshake field 6. Both sides
 * trust exactly the peer's certificate, so each one must be usable as its own CA.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate, randomBytes, webcrypto } from 'node:crypto';
import { HostError } from '../errors';

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
/** go-plugin ignores a field 6 of 50 characters or fewer (older plugins put junk there). */
export const MIN_CERTIFICATE_FIELD_LENGTH = 51;

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

/**
 * Handshake field 6 → PEM. Go writes standard base64 without padding; padded input is accepted
 * too. Throws `bad_certificate` unless the bytes parse as an X.509 certificate.
 */
export function pluginCertificateToPem(base64Der: string): string {
  const text = base64Der.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    throw badCertificate('it is not standard base64', text);
  }
  const der = Buffer.from(text, 'base64');
  try {
    new X509Certificate(der);
  } catch (error) {
    throw badCertificate(`it does not parse as an X.509 certificate (${(error as Error).message})`, text);
  }
  return derToPem('CERTIFICATE', der);
}

function badCertificate(reason: string, field: string): HostError {
  const shown = field.length > 80 ? `${field.slice(0, 80)}…` : field;
  return new HostError(
    'bad_certificate',
    `The plugin's handshake certificate (field 6) is unusable: ${reason}. ` +
      'A Go plugin built with hashicorp/go-plugin sends its DER certificate in base64; ' +
      'rebuild the plugin with a current Vault SDK, or fix the TLS code of a hand-written plugin.',
    { field: shown, length: field.length },
  );
}

function derToPem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
