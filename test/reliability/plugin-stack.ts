/**
 * The plugin side of the app as the reliability tests drive it: the real supervisor over the real
 * Go fixtures, each mount's storage a real view of the encrypted SQLite store (not memory), in a
 * fresh data directory. `close()` stops the plugins, closes the store and removes the temp dirs.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PluginCatalog, PluginSupervisor, type SupervisorOptions } from '../../plugin-host';
import { Storage, type KdfParams } from '../../electron/storage';
import { ensureFixtures, fixtureBinDir, type FixtureName } from '../fixtures/plugins/fixtures';

/** The smallest scrypt cost seal.ts accepts: real KDF, ~50 ms per unseal. */
export const TEST_KDF: KdfParams = { N: 2 ** 14, r: 8, p: 1 };
export const TEST_PASSPHRASE = 'reliability suite passphrase';

export interface StackPlugin {
  name: string;
  fixture: FixtureName;
  args?: string[];
  env?: Record<string, string>;
}

export interface StackMount {
  id: string;
  path: string;
  pluginName: string;
}

export interface PluginStack {
  dataDir: string;
  socketRoot: string;
  storage: Storage;
  catalog: PluginCatalog;
  supervisor: PluginSupervisor;
  mount(pluginName: string, mountPath: string, options?: Record<string, string>): StackMount;
  close(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startPluginStack(
  plugins: StackPlugin[],
  options: Omit<SupervisorOptions, 'catalog' | 'socketRoot'> & { pluginDirectory?: string } = {},
): Promise<PluginStack> {
  await ensureFixtures({ names: [...new Set(plugins.map((plugin) => plugin.fixture))], log: () => {} });
  const root = tempDir('srrel-');
  const dataDir = path.join(root, 'data');
  // Short on purpose: unix socket paths are limited to ~107 bytes.
  const socketRoot = tempDir('srs-');
  const storage = Storage.open({ dataDir, kdf: TEST_KDF });
  await storage.init(TEST_PASSPHRASE);
  const { pluginDirectory, ...supervisorOptions } = options;
  const catalog = new PluginCatalog({ pluginDirectory: pluginDirectory ?? fixtureBinDir });
  for (const plugin of plugins) {
    await catalog.register({ type: 'secret', name: plugin.name, command: plugin.fixture, args: plugin.args ?? [], env: plugin.env });
  }
  const supervisor = new PluginSupervisor({ catalog, socketRoot, ...supervisorOptions });
  await supervisor.ready();
  return {
    dataDir,
    socketRoot,
    storage,
    catalog,
    supervisor,
    mount(pluginName, mountPath, mountOptions) {
      const id = randomUUID();
      supervisor.addMount({ id, path: mountPath, pluginType: 'secret', pluginName, options: mountOptions, storage: storage.mountView(id) });
      return { id, path: mountPath, pluginName };
    },
    async close() {
      await supervisor.stop();
      storage.close();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(socketRoot, { recursive: true, force: true });
    },
  };
}

/** Pids of the processes this supervisor has running now. */
export function runningPluginPids(supervisor: PluginSupervisor): number[] {
  return supervisor
    .status()
    .filter((status) => status.state === 'ready' && status.pid !== undefined)
    .map((status) => status.pid as number);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
