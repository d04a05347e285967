/**
 * A supervisor over the real Go fixture plugins, for integration tests and benchmarks: builds the
 * fixtures if needed (cached), registers them in a catalog, and mounts with in-memory storage.
 */
import { randomUUID } from 'node:crypto';
import { PluginCatalog, PluginSupervisor, type MountSpec, type SupervisorOptions } from '../../plugin-host';
import { ensureFixtures, fixtureBinDir, type FixtureName } from '../fixtures/plugins/fixtures';
import { MemoryStorage } from './memory-storage';

export interface Harness {
  catalog: PluginCatalog;
  supervisor: PluginSupervisor;
  /** Registers and adds a mount with fresh in-memory storage; returns its id and storage. */
  mount(spec: Partial<MountSpec> & { pluginName: string; path: string }): { id: string; storage: MemoryStorage };
}

export interface PluginRegistration {
  name: string;
  fixture: FixtureName;
  args?: string[];
}

export async function startHarness(
  plugins: PluginRegistration[],
  options: Omit<SupervisorOptions, 'catalog'> = {},
): Promise<Harness> {
  await ensureFixtures({ names: [...new Set(plugins.map((plugin) => plugin.fixture))], log: () => {} });
  const catalog = new PluginCatalog({ pluginDirectory: fixtureBinDir });
  for (const plugin of plugins) {
    await catalog.register({ type: 'secret', name: plugin.name, command: plugin.fixture, args: plugin.args ?? [] });
  }
  const supervisor = new PluginSupervisor({ catalog, ...options });
  await supervisor.ready();
  return {
    catalog,
    supervisor,
    mount(spec) {
      const storage = new MemoryStorage();
      const id = spec.id ?? randomUUID();
      supervisor.addMount({ pluginType: 'secret', storage, ...spec, id });
      return { id, storage };
    },
  };
}
