/**
 * Drive a backend in-process, without a host: for plugin unit tests. Same routing, validation
 * and help as over the wire; storage in memory.
 */
import { randomUUID } from 'node:crypto';
import type { Backend, MountEnvironment } from './backend';
import { createLogger } from './hclog';
import { memoryStorage } from './storage';
import { staticSystemView } from './system-view';
import type { PluginRequest, PluginResponse } from './types';

export interface TestMount {
  readonly env: MountEnvironment;
  /** One request; a thrown `PluginError` is an in-band error. */
  request(operation: string, path: string, data?: Record<string, unknown>): Promise<PluginResponse | undefined>;
  /** Asks the existence check first, like Vault's router, then sends create or update. */
  write(path: string, data: Record<string, unknown>): Promise<PluginResponse | undefined>;
}

export async function testMount(backend: Backend, config: Record<string, string> = {}): Promise<TestMount> {
  const env: MountEnvironment = {
    storage: memoryStorage(),
    system: staticSystemView({ vaultVersion: '1.21.0' }),
    config,
    backendUuid: randomUUID(),
    logger: createLogger(() => {}),
  };
  await backend.definition.initialize?.(env);
  const build = (operation: string, path: string, data: Record<string, unknown> = {}): PluginRequest => ({
    id: randomUUID(),
    operation,
    path,
    data,
    mountPoint: 'test/',
    mountType: 'test',
    mountAccessor: '',
    displayName: '',
    entityId: '',
    unauthenticated: false,
    headers: {},
  });
  return {
    env,
    request: (operation, path, data) => backend.handleRequest(build(operation, path, data), env),
    async write(path, data) {
      const [checkFound, exists] = await backend.existenceCheck(build('update', path, data), env);
      const operation = checkFound && !exists ? 'create' : 'update';
      return backend.handleRequest(build(operation, path, data), env);
    },
  };
}
