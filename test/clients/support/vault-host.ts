/**
 * A running server that speaks Vault's HTTP API, started uninitialised. Host B is always the
 * reference (OpenBao); host A is Strongroom, or a second OpenBao when
 * `STRONGROOM_CLIENTS_HOST_A=openbao` (which proves the harness itself: every scenario must then
 * pass with no difference at all) or when the checkout has no `electron/vault-api/*.ts` yet.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceOpenBao } from './reference-openbao';
import { startStrongroomHost } from './strongroom-host';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export type HostLabel = 'A' | 'B';

export interface VaultHost {
  label: HostLabel;
  kind: 'strongroom' | 'openbao';
  /** `http://127.0.0.1:PORT`, what VAULT_ADDR gets. */
  addr: string;
  /** Where a plugin binary goes before `plugin register` (the host's plugin directory). */
  pluginDir: string;
  /** Everything the server printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface HostPair {
  A: VaultHost;
  B: VaultHost;
  /** A temp folder per host for the clients' own files (HOME, agent configs, rendered files). */
  workDir: Record<HostLabel, string>;
  close(): Promise<void>;
}

export function hostAKind(env: NodeJS.ProcessEnv = process.env): VaultHost['kind'] {
  const chosen = env.STRONGROOM_CLIENTS_HOST_A;
  if (chosen === 'openbao' || chosen === 'strongroom') return chosen;
  if (chosen !== undefined && chosen !== '') throw new Error(`STRONGROOM_CLIENTS_HOST_A must be "strongroom" or "openbao", not "${chosen}"`);
  // Until the HTTP API's code exists in this checkout there is no Strongroom to point at.
  const apiDir = path.join(repoRoot, 'electron', 'vault-api');
  return fs.existsSync(apiDir) && fs.readdirSync(apiDir).some((name) => name.endsWith('.ts')) ? 'strongroom' : 'openbao';
}

export async function startHostPair(suite: string): Promise<HostPair> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `strongroom-clients-${suite}-`));
  const workDir = { A: path.join(root, 'A'), B: path.join(root, 'B') };
  const started: VaultHost[] = [];
  const close = async () => {
    await Promise.all(started.map((host) => host.stop()));
    fs.rmSync(root, { recursive: true, force: true });
  };
  const settled = await Promise.allSettled([
    hostAKind() === 'strongroom' ? startStrongroomHost('A', workDir.A) : startReferenceOpenBao('A', workDir.A),
    startReferenceOpenBao('B', workDir.B),
  ]);
  for (const result of settled) if (result.status === 'fulfilled') started.push(result.value);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined || started.length !== 2) {
    await close();
    throw failed?.reason ?? new Error('a host did not start');
  }
  const [a, b] = started as [VaultHost, VaultHost];
  try {
    for (const dir of Object.values(workDir)) fs.mkdirSync(path.join(dir, 'client'), { recursive: true });
    return { A: a, B: b, workDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
