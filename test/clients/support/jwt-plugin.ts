/**
 * HashiCorp's JWT auth plugin (the `vault-plugin-auth-jwt` fixture), registered in the catalog of
 * both hosts as the auth plugin {@link JWT_PLUGIN_NAME}, and one key pair (made once per run) whose
 * public half both hosts' `auth/jwt/config` trusts, so a JWT signed here logs in on either.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureFixtures, fixturePath } from '../../fixtures/plugins/fixtures';
import { jwtSigner } from '../../support/jwt';
import type { Session } from './client-suite';

export const JWT_PLUGIN_NAME = 'jwt-ext';
export const JWT_PLUGIN_COMMAND = 'vault-plugin-auth-jwt';
export const JWT_PLUGIN_VERSION = 'v0.26.1';
export const JWT_AUDIENCE = 'strongroom-clients';
/** The same key for both hosts, so the same JWT is valid on either. */
export const JWT_SIGNER = jwtSigner();

let built: Promise<string> | undefined;

export async function jwtPluginSha256(): Promise<string> {
  built ??= ensureFixtures({ names: [JWT_PLUGIN_COMMAND], log: () => {} }).then(() => createHash('sha256').update(fs.readFileSync(fixturePath(JWT_PLUGIN_COMMAND))).digest('hex'));
  return built;
}

/** Copies the binary into the host's plugin directory (with the suite's other `prepare` steps). */
export async function copyJwtPlugin(session: Session): Promise<void> {
  await jwtPluginSha256();
  fs.mkdirSync(session.host.pluginDir, { recursive: true });
  fs.copyFileSync(fixturePath(JWT_PLUGIN_COMMAND), path.join(session.host.pluginDir, JWT_PLUGIN_COMMAND));
  fs.chmodSync(path.join(session.host.pluginDir, JWT_PLUGIN_COMMAND), 0o755);
}
