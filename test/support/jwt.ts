/**
 * JWTs signed locally with node:crypto, for the tests of HashiCorp's JWT auth plugin: an ES256 key
 * pair whose public half is given to the plugin as `jwt_validation_pubkeys`, and compact JWTs
 * (header.payload.signature, base64url, the signature in JOSE's raw r||s form).
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface JwtSigner {
  /** PEM of the public key (SPKI), what `jwt_validation_pubkeys` takes. */
  publicKeyPem: string;
  /** A compact JWT with these claims (iat, nbf and exp filled in unless given). */
  sign(claims: Record<string, unknown>): string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function jwtSigner(): JwtSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), sign: (claims) => signJwt(privateKey, claims) };
}

function signJwt(key: KeyObject, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const signingInput = `${base64url({ alg: 'ES256', typ: 'JWT' })}.${base64url({ iat: now, nbf: now - 5, exp: now + 600, ...claims })}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return `${signingInput}.${signature}`;
}
