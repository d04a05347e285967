/** `openssl` on PEM text, for checking PKI's certificates, CSRs and CRLs independently. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openssl-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
let files = 0;

/** Writes `text` to a fresh file and returns its path. */
export function pemFile(text: string): string {
  const file = path.join(work, `${files++}.pem`);
  fs.writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
  return file;
}

/** Runs openssl; its output (stdout, then stderr, where it says "verify OK"), or throws with both. */
export function openssl(...args: string[]): string {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${run.status ?? run.signal}): ${output}`);
  return output;
}

/** `openssl x509 -noout -text` of a PEM certificate. */
export const certificateText = (pem: string) => openssl('x509', '-noout', '-text', '-in', pemFile(pem));

/** `openssl verify` of `leaf` against `root`, with `intermediates` untrusted: true when it says OK. */
export function verifies(leaf: string, root: string, intermediates?: string): boolean {
  const args = ['verify', '-CAfile', pemFile(root), ...(intermediates === undefined ? [] : ['-untrusted', pemFile(intermediates)]), pemFile(leaf)];
  try {
    return openssl(...args).includes(': OK');
  } catch {
    return false;
  }
}

/** A fresh EC key and a CSR for `commonName`: [key PEM, CSR PEM]. */
export function keyAndCsr(commonName: string): [string, string] {
  const key = path.join(work, `${files++}.key`);
  const csr = path.join(work, `${files++}.csr`);
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${commonName}`, '-keyout', key, '-out', csr);
  return [fs.readFileSync(key, 'utf8'), fs.readFileSync(csr, 'utf8')];
}

/** The public key of a certificate, CSR or private key, as PEM (to compare keys). */
export function publicKeyOf(pem: string, kind: 'x509' | 'req' | 'pkey'): string {
  return kind === 'pkey' ? openssl('pkey', '-pubout', '-in', pemFile(pem)) : openssl(kind, '-noout', '-pubkey', '-in', pemFile(pem)).replace(/^(?!-----|[A-Za-z0-9+/=]+$).*\n/gm, '');
}
