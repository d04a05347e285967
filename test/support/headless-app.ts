/** Starts the real headless mode (services + loopback server) on a fresh temp data dir. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRenderer } from '../../renderer/build';
import { createAppServices, type AppServices } from '../../electron/core/app-services';
import { startHeadlessServer, type HeadlessServer } from '../../electron/server/headless-server';

export interface TestApp {
  dataDir: string;
  services: AppServices;
  server: HeadlessServer;
  close(): Promise<void>;
}

let rendererBuild: Promise<string> | undefined;

export async function startTestApp(options: { dataDir?: string } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-test-'));
  rendererBuild ??= buildRenderer({ outDir: path.join(os.tmpdir(), `strongroom-renderer-${process.pid}`) });
  const rendererDir = await rendererBuild;
  const services = await createAppServices({ dataDir, mode: 'headless' });
  const server = await startHeadlessServer({ services, rendererDir });
  return {
    dataDir,
    services,
    server,
    async close() {
      await server.close();
      await services.close();
    },
  };
}
