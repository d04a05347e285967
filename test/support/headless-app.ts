/** Starts the real headless mode (services + loopback server, and the Vault API when asked) on a fresh temp data dir. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRenderer } from '../../renderer/build';
import { createAppServices, type AppServices } from '../../electron/core/app-services';
import { startHeadlessServer, type HeadlessServer } from '../../electron/server/headless-server';
import { startVaultApi, type VaultApi } from '../../electron/vault-api';

export interface TestApp {
  dataDir: string;
  services: AppServices;
  server: HeadlessServer;
  /** The Vault HTTP API on any free loopback port, when started with `vaultApi: true`. */
  vaultApi: VaultApi | undefined;
  close(): Promise<void>;
}

let rendererBuild: Promise<string> | undefined;

export async function startTestApp(options: { dataDir?: string; vaultApi?: boolean } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-test-'));
  rendererBuild ??= buildRenderer({ outDir: path.join(os.tmpdir(), `strongroom-renderer-${process.pid}`) });
  const rendererDir = await rendererBuild;
  const services = await createAppServices({ dataDir, mode: 'headless' });
  const vaultApi = options.vaultApi === true ? await startVaultApi({ api: services.vaultApi, address: { host: '127.0.0.1', port: 0, fallBack: false } }) : undefined;
  const server = await startHeadlessServer({ services, rendererDir });
  return {
    dataDir,
    services,
    server,
    vaultApi,
    async close() {
      await server.close();
      await vaultApi?.close();
      await services.close();
    },
  };
}
