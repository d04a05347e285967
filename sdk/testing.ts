/**
 * Drive a backend in-process, without a host: for plugin unit tests. Same routing, validation
 * and help as over the wire; storage in memory.
 */
import { randomUUID } from 'node:crypto';
import { issuedAuth } from './auth';
import type { ResponseAuth } from './auth';
import type { Backend, MountEnvironment } from './backend';
import { createLogger } from './hclog';
import { memoryStorage } from './storage';
import { staticSystemView } from './system-view';
import type { PluginRequest, PluginResponse, ResponseSecret } from './types';

export interface TestMount {
  readonly env: MountEnvironment;
  /** One request; a thrown `PluginError` is an in-band error. */
  request(operation: string, path: string, data?: Record<string, unknown>): Promise<PluginResponse | undefined>;
  /** Asks the existence check first, like Vault's router, then sends create or update. */
  write(path: string, data: Record<string, unknown>): Promise<PluginResponse | undefined>;
  /**
   * Sends a secret issued by `path` back as the host would: `renew` (asking for `incrementSeconds`)
   * or `revoke`, with the original request data.
   */
  lease(
    operation: 'renew' | 'revoke',
    issued: { path: string; data?: Record<string, unknown>; secret: ResponseSecret },
    incrementSeconds?: number,
  ): Promise<PluginResponse | undefined>;
  /**
   * Renews a token an auth method's login issued, as the host would: `renew` for the login path
   * with no data, carrying the Auth the login answered (issued now, asking for `incrementSeconds`).
   */
  renewAuth(issued: { path: string; auth: ResponseAuth }, incrementSeconds?: number): Promise<PluginResponse | undefined>;
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
    lease: (operation, issued, incrementSeconds = 0) =>
      backend.handleRequest(
        {
          ...build(operation, issued.path, issued.data),
          secret: {
            leaseId: `test/${issued.path}/${randomUUID()}`,
            internalData: issued.secret.internalData,
            ttlSeconds: issued.secret.ttlSeconds,
            maxTtlSeconds: issued.secret.maxTtlSeconds ?? 0,
            incrementSeconds,
            renewable: issued.secret.renewable,
            issueTime: new Date(),
          },
        },
        env,
      ),
    renewAuth: (issued, incrementSeconds = 0) =>
      backend.handleRequest(
        { ...build('renew', issued.path), auth: issuedAuth({ ...issued.auth, incrementSeconds, issueTime: new Date(), clientToken: '' }) },
        env,
      ),
    async write(path, data) {
      const [checkFound, exists] = await backend.existenceCheck(build('update', path, data), env);
      const operation = checkFound && !exists ? 'create' : 'update';
      return backend.handleRequest(build(operation, path, data), env);
    },
  };
}
