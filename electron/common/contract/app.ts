import { z } from 'zod';

/** Facts about the running app, shown in the shell's status bar. */
export const appMethods = {
  'app.info': z.object({}).strict(),
} as const;

export interface AppInfo {
  name: 'Strongroom';
  version: string;
  mode: 'electron' | 'headless';
  dataDir: string;
  platform: string;
  /** Where Vault's HTTP API listens (`http://127.0.0.1:PORT`, for VAULT_ADDR); null until it does. */
  vaultApiAddress: string | null;
}

export interface AppResults {
  'app.info': AppInfo;
}

export interface AppEvents {
  /** Sent once a client connects, so it knows the push channel is live. */
  'app.ready': { at: string };
}
