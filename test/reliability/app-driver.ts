/**
 * Drives the real core through its contract, as the renderer would: `createAppServices` and the
 * dispatcher, with the Go fixtures' directory as the plugin directory. A failed call throws the
 * `{code, message}` it answered, so a test reads like the user's sequence of clicks.
 */
import fs from 'node:fs';
import { createAppServices, type AppServices } from '../../electron/core/app-services';
import { pluginSocketRoot } from '../../electron/core/plugins/socket-root';
import type { ContractErrorShape } from '../../electron/common/errors';
import { ensureFixtures, fixtureBinDir } from '../fixtures/plugins/fixtures';
import { TEST_KDF, TEST_PASSPHRASE } from './plugin-stack';

export class ContractCallError extends Error {
  constructor(
    readonly method: string,
    readonly error: ContractErrorShape,
  ) {
    super(`${method} answered ${error.code}: ${error.message}`);
  }
}

export interface AppDriver {
  services: AppServices;
  call<T = Record<string, unknown>>(method: string, args?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function openApp(dataDir: string): Promise<AppDriver> {
  const services = await createAppServices({ dataDir, mode: 'headless', kdf: TEST_KDF });
  return {
    services,
    async call<T>(method: string, args: unknown = {}) {
      const reply = await services.dispatch(method, args);
      if (!reply.ok) throw new ContractCallError(method, reply.error);
      return reply.result as T;
    },
    async close() {
      await services.close();
      // The core leaves its (empty) socket root in the temp dir after a clean close; don't pile them up.
      const socketRoot = pluginSocketRoot(dataDir);
      if (fs.existsSync(socketRoot) && fs.readdirSync(socketRoot).length === 0) fs.rmdirSync(socketRoot);
    },
  };
}

/** The mounts the app-level tests use: KV v2, KV v1, and the custom engine (configured). */
export const APP_MOUNTS = ['kv/', 'kv1/', 'custom/'] as const;
export type AppMount = (typeof APP_MOUNTS)[number];

/** First run: passphrase, plugin directory, catalog, mounts. Later runs: unseal. */
export async function openReadyApp(dataDir: string): Promise<AppDriver> {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv', 'strongroom-custom'], log: () => {} });
  const app = await openApp(dataDir);
  const status = await app.call<{ initialized: boolean }>('seal.status');
  if (status.initialized) {
    await app.call('seal.unseal', { passphrase: TEST_PASSPHRASE });
    return app;
  }
  await app.call('seal.init', { passphrase: TEST_PASSPHRASE });
  await app.call('settings.setPluginDirectory', { path: fixtureBinDir });
  await app.call('plugins.register', { name: 'kv', command: 'vault-plugin-secrets-kv' });
  await app.call('plugins.register', { name: 'custom', command: 'strongroom-custom' });
  await app.call('mounts.enable', { path: 'kv', type: 'kv', options: { version: '2' } });
  await app.call('mounts.enable', { path: 'kv1', type: 'kv' });
  await app.call('mounts.enable', { path: 'custom', type: 'custom' });
  await app.call('requests.handle', { path: 'custom/config', operation: 'write', data: { custom_prefix: 'hi ' } });
  return app;
}

/** The request that stores `value` under `key` on a mount, and the path that reads it back. */
export function writeCall(mount: AppMount, key: string, value: string) {
  switch (mount) {
    case 'kv/':
      return { path: `kv/data/${key}`, operation: 'write', data: { data: { value } } };
    case 'kv1/':
      return { path: `kv1/${key}`, operation: 'write', data: { value } };
    case 'custom/':
      return { path: `custom/users/${key}`, operation: 'write', data: { email: value } };
  }
}

export function readValue(mount: AppMount, data: Record<string, unknown> | null): unknown {
  if (mount === 'kv/') return (data?.['data'] as Record<string, unknown> | undefined)?.['value'];
  if (mount === 'custom/') return data?.['email'];
  return data?.['value'];
}
