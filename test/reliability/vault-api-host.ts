/**
 * A running Strongroom for the Vault API reliability tests: the real core (`createAppServices`,
 * cheap scrypt) behind the real Vault HTTP API (`startVaultApi`, default timeouts) on a free
 * loopback port, initialised over the API (`PUT sys/init` → root token), with the kv plugin
 * fixture registered and mounted as KV v2 over the API too. In this process, so an uncaught error
 * anywhere in the server is seen by the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createAppServices, type AppServices } from '../../electron/core/app-services';
import { startVaultApi, type VaultApi } from '../../electron/vault-api';
import { ensureFixtures, fixturePath } from '../fixtures/plugins/fixtures';
import { vaultCall } from '../support/vault-http';
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from './plugin-stack';

export interface StrongroomApiHost {
  url: string;
  token: string;
  kvMount: string;
  /** The passphrase `sys/unseal` takes as its `key`. */
  unsealKey: string;
  services: AppServices;
  close(): Promise<void>;
}

async function ok(what: string, reply: Promise<{ status: number; text: string }>): Promise<void> {
  const { status, text } = await reply;
  if (status >= 300) throw new Error(`${what} answered ${status}: ${text}`);
}

export async function startStrongroomApiHost(kvMount: string): Promise<StrongroomApiHost> {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv'], log: () => undefined });
  const root = tempDir('srapi-');
  const dataDir = path.join(root, 'data');
  const pluginDir = path.join(dataDir, 'plugins');
  fs.mkdirSync(pluginDir, { recursive: true, mode: 0o700 });
  const binary = fixturePath('vault-plugin-secrets-kv');
  fs.copyFileSync(binary, path.join(pluginDir, 'vault-plugin-secrets-kv'));
  fs.chmodSync(path.join(pluginDir, 'vault-plugin-secrets-kv'), 0o755);

  const services = await createAppServices({ dataDir, mode: 'headless', kdf: TEST_KDF });
  const api: VaultApi = await startVaultApi({ api: services.vaultApi, address: { host: '127.0.0.1', port: 0, fallBack: false } });
  const close = async () => {
    await api.close();
    await services.close();
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    const init = await vaultCall({ url: api.url }, 'PUT', 'sys/init', { passphrase: TEST_PASSPHRASE });
    const token = init.json?.['root_token'];
    if (init.status !== 200 || typeof token !== 'string' || token === '') throw new Error(`sys/init answered ${init.status} without a root token: ${init.text}`);
    const target = { url: api.url, token };
    const sha256 = createHash('sha256').update(fs.readFileSync(binary)).digest('hex');
    await ok('register', vaultCall(target, 'PUT', 'sys/plugins/catalog/secret/kv-fixture', { sha256, command: 'vault-plugin-secrets-kv' }));
    // As Vault, only the type `kv` takes options.version at enable; another catalog name is tuned to v2.
    await ok('mount', vaultCall(target, 'POST', `sys/mounts/${kvMount}`, { type: 'kv-fixture' }));
    await ok('tune to KV v2', vaultCall(target, 'POST', `sys/mounts/${kvMount}/tune`, { options: { version: '2' } }));
    await ok('first write', vaultCall(target, 'POST', `${kvMount}/data/a`, { data: { seeded: 'yes' } }));
    return { url: api.url, token, kvMount, unsealKey: TEST_PASSPHRASE, services, close };
  } catch (error) {
    await close();
    throw error;
  }
}
