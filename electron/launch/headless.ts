/**
 * Runs Strongroom without Electron: builds the renderer, starts the core services and the
 * loopback servers (the UI's, and Vault's HTTP API), prints their addresses, and stops everything on Ctrl-C / SIGTERM (plugins included).
 */
import { buildRenderer } from '../../renderer/build';
import { createAppServices } from '../core/app-services';
import { resolveDataDir } from '../core/data-dir';
import { startHeadlessServer } from '../server/headless-server';
import { aesGcmImplementation } from '../storage';
import { toContractError } from '../common/errors';
import { startVaultApi, vaultApiLine, type VaultApi } from '../vault-api';

export async function runHeadless(): Promise<void> {
  const dataDir = resolveDataDir();
  const rendererDir = await buildRenderer();
  const services = await createAppServices({ dataDir, mode: 'headless' });
  const port = process.env.STRONGROOM_PORT === undefined ? 0 : Number(process.env.STRONGROOM_PORT);
  let vaultApi: VaultApi;
  try {
    vaultApi = await startVaultApi({ api: services.vaultApi });
  } catch (error) {
    // A refused STRONGROOM_API_ADDR (not loopback, or taken): its message names the setting.
    await services.close();
    console.error(`Strongroom could not start: ${toContractError(error).message}`);
    process.exit(1);
  }
  const server = await startHeadlessServer({ services, rendererDir, port });
  console.log(`Strongroom headless mode: data in ${dataDir}`);
  if (aesGcmImplementation.problem !== undefined) {
    console.log(`Note: storage encryption uses node:crypto, slower: ${aesGcmImplementation.problem}.`);
  }
  console.log(vaultApiLine(vaultApi));
  console.log(`Open ${server.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Strongroom…`);
    await server.close();
    await vaultApi.close();
    await services.close();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
