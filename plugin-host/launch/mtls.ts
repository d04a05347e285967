/**
 * AutoMTLS on the host side (go-plugin `mtls.go` semantics, our own code).
 *
 * The host hands its certificate (made by `proto/automtls`, shared with the SDK) to the plugin in
 * `PLUGIN_CLIENT_CERT`, and pins the plugin's certificate from handshake field 6.
 */
import { X509Certificate } from 'node:crypto';
import { derToPem } from '../../proto/automtls/certificate';
import { HostError } from '../errors';

export { createHostCertificate } from '../../proto/automtls/certificate';
export type { HostCertificate } from '../../proto/automtls/certificate';

/** go-plugin ignores a field 6 of 50 characters or fewer (older plugins put junk there). */
export const MIN_CERTIFICATE_FIELD_LENGTH = 51;

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
