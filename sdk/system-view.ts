/** What the host tells a backend about itself and the mount (Vault's `SystemView`, the parts plugins use). */
export interface PluginEnvironment {
  vaultVersion: string;
  vaultVersionPrerelease: string;
  vaultVersionMetadata: string;
}

export interface SystemView {
  /** Seconds. */
  defaultLeaseTtl(): Promise<number>;
  /** Seconds. */
  maxLeaseTtl(): Promise<number>;
  tainted(): Promise<boolean>;
  cachingDisabled(): Promise<boolean>;
  localMount(): Promise<boolean>;
  pluginEnv(): Promise<PluginEnvironment>;
}

/** Fixed answers, for unit tests of a backend without a host. */
export function staticSystemView(overrides: Partial<PluginEnvironment> = {}): SystemView {
  const env: PluginEnvironment = { vaultVersion: 'unknown', vaultVersionPrerelease: '', vaultVersionMetadata: '', ...overrides };
  return {
    defaultLeaseTtl: async () => 2764800,
    maxLeaseTtl: async () => 2764800,
    tainted: async () => false,
    cachingDisabled: async () => false,
    localMount: async () => false,
    pluginEnv: async () => env,
  };
}
