/**
 * Mounts the kv plugin fixture as KV v2 at `bench/` over Vault's HTTP API, the same way on every
 * host: register the binary by sha256 under a catalog name of its own, mount it, tune
 * `options.version` to 2 (OpenBao allows `options.version` at mount time only for its builtin
 * `kv` type, and a `kv` registration does not replace the builtin there), then wait until
 * the upgraded mount takes a write.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { vaultCall, type VaultTarget } from '../../test/support/vault-http';

export const BENCH_MOUNT = 'bench';
export const BENCH_PLUGIN = 'kv-bench';

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function expectStatus(what: string, reply: Promise<{ status: number; text: string }>, ok: readonly number[]): Promise<void> {
  const { status, text } = await reply;
  if (!ok.includes(status)) throw new Error(`${what} answered ${status}: ${text}`);
}

/** Copies `binary` into `pluginDir` (the host's plugin directory) and mounts it as KV v2 at `bench/`. */
export async function mountKvV2(target: VaultTarget, binary: string, pluginDir: string): Promise<void> {
  const command = path.basename(binary);
  fs.copyFileSync(binary, path.join(pluginDir, command));
  fs.chmodSync(path.join(pluginDir, command), 0o755);
  const sha256 = sha256File(binary);
  await expectStatus('register', vaultCall(target, 'PUT', `sys/plugins/catalog/secret/${BENCH_PLUGIN}`, { sha256, command }), [200, 204]);
  await expectStatus('mount', vaultCall(target, 'POST', `sys/mounts/${BENCH_MOUNT}`, { type: BENCH_PLUGIN }), [200, 204]);
  await expectStatus('tune', vaultCall(target, 'POST', `sys/mounts/${BENCH_MOUNT}/tune`, { options: { version: '2' } }), [200, 204]);
  const deadline = Date.now() + 60_000;
  for (;;) {
    // KV v2 answers `data/…` writes only once its upgrade to version 2 has finished.
    const reply = await vaultCall(target, 'POST', `${BENCH_MOUNT}/data/probe`, { data: { ready: 'yes' } });
    if (reply.status === 200) return;
    if (Date.now() > deadline) throw new Error(`KV v2 at ${BENCH_MOUNT}/ took no write within 60 s: ${reply.status} ${reply.text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
