/**
 * The main process's services, composed once and shared by both transports (Electron IPC and the
 * headless server). Each domain contributes its handler map; `close()` stops everything it started.
 */
import fs from 'node:fs';
import type { ContractHandlers } from '../common/contract';
import { createDispatcher, type Dispatcher } from './dispatch';
import { EventBus } from './event-bus';
import { appVersion } from './version';

export interface AppServicesOptions {
  dataDir: string;
  mode: 'electron' | 'headless';
}

export interface AppServices {
  dispatch: Dispatcher;
  events: EventBus;
  close(): Promise<void>;
}

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const events = new EventBus();
  const handlers: ContractHandlers = {
    'app.info': async () => ({
      name: 'Strongroom',
      version: appVersion(),
      mode: options.mode,
      dataDir: options.dataDir,
      platform: process.platform,
    }),
  };
  return {
    dispatch: createDispatcher(handlers),
    events,
    async close() {},
  };
}
