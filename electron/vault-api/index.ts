/** The Vault HTTP API's front door. */
export { startVaultApi, vaultApiLine, DEFAULT_TIMEOUTS, type ApiTimeouts, type VaultApi, type VaultApiOptions } from './server';
export { apiListenAddress, API_ADDR_SETTING, DEFAULT_API_PORT, type ListenAddress } from './listen-address';
