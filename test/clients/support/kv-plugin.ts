/**
 * HashiCorp's KV plugin (the `vault-plugin-secrets-kv` fixture), the binary every client suite
 * registers in the catalog of both hosts under {@link KV_PLUGIN_NAME}. Registered under its own
 * name its type is not `kv`, so both hosts register a lease for a KV v1 read with a `ttl`, which is
 * what the lease scenarios use (there is no other leased secret among the fixtures built for CI).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureFixtures, fixturePath } from '../../fixtures/plugins/fixtures';
import type { Session } from './client-suite';

export const KV_PLUGIN_NAME = 'strongroom-kv';
export const KV_PLUGIN_COMMAND = 'vault-plugin-secrets-kv';

let built: Promise<string> | undefined;

/** The fixture's sha256 (built first when missing or stale). */
export async function kvPluginSha256(): Promise<string> {
  built ??= ensureFixtures({ names: ['vault-plugin-secrets-kv'], log: () => {} }).then(() =>
    createHash('sha256').update(fs.readFileSync(fixturePath('vault-plugin-secrets-kv'))).digest('hex'),
  );
  return built;
}

/** Copies the binary into the host's plugin directory (a suite's `prepare`). */
export async function copyKvPlugin(session: Session): Promise<void> {
  await kvPluginSha256();
  fs.mkdirSync(session.host.pluginDir, { recursive: true });
  fs.copyFileSync(fixturePath('vault-plugin-secrets-kv'), path.join(session.host.pluginDir, KV_PLUGIN_COMMAND));
  fs.chmodSync(path.join(session.host.pluginDir, KV_PLUGIN_COMMAND), 0o755);
}
