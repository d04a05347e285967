/**
 * Helpers for the core's integration tests: real services (`createAppServices`) on a temp data
 * directory with a cheap scrypt cost, real fixture plugins copied into the plugin directory, and
 * a typed `call` that fails the test on a contract error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MethodArgs, MethodName, MethodResult } from '../../../electron/common/contract';
import type { ContractErrorShape } from '../../../electron/common/errors';
import { createAppServices, type AppServices } from '../../../electron/core/app-services';
import { ensureFixtures, fixturePath, type FixtureName } from '../../fixtures/plugins/fixtures';

export const PASSPHRASE = 'correct horse battery staple';
/** The smallest scrypt cost the storage accepts: tests unseal often. */
export const TEST_KDF = { N: 2 ** 14, r: 8, p: 1 };

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-core-'));
}

export async function openServices(dataDir: string): Promise<AppServices> {
  return createAppServices({ dataDir, mode: 'headless', kdf: TEST_KDF });
}

export async function call<M extends MethodName>(services: AppServices, method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
  const reply = await services.dispatch(method, args);
  if (!reply.ok) throw Object.assign(new Error(`${method}: ${reply.error.code}: ${reply.error.message}`), { contract: reply.error });
  return reply.result as MethodResult<M>;
}

/** The error a call answers with (fails when it succeeds). */
export async function callError(services: AppServices, method: MethodName, args: unknown): Promise<ContractErrorShape> {
  const reply = await services.dispatch(method, args);
  if (reply.ok) throw new Error(`${method} succeeded but an error was expected: ${JSON.stringify(reply.result)}`);
  return reply.error;
}

/** Builds (or finds cached) fixtures and copies them into `<dataDir>/plugins`, the default plugin directory. */
export async function installPlugins(dataDir: string, names: FixtureName[]): Promise<string> {
  await ensureFixtures({ names, log: () => undefined });
  const directory = path.join(dataDir, 'plugins');
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  for (const name of names) {
    fs.copyFileSync(fixturePath(name), path.join(directory, name));
    fs.chmodSync(path.join(directory, name), 0o755);
  }
  return directory;
}

/** A fresh, initialised data directory with KV registered as `kv` and mounted at `secret/` (v2). */
export async function servicesWithKv(options: { version?: '1' | '2'; extraOptions?: Record<string, string> } = {}) {
  const dataDir = tempDataDir();
  await installPlugins(dataDir, ['vault-plugin-secrets-kv', 'strongroom-custom']);
  const services = await openServices(dataDir);
  await call(services, 'seal.init', { passphrase: PASSPHRASE });
  await call(services, 'plugins.register', { type: 'secret', name: 'kv', command: 'vault-plugin-secrets-kv' });
  await call(services, 'mounts.enable', {
    path: 'secret',
    type: 'kv',
    options: { version: options.version ?? '2', ...options.extraOptions },
  });
  return { dataDir, services };
}

export function removeDir(dataDir: string): void {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
