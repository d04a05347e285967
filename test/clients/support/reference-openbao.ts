/**
 * The reference host: a real OpenBao server (not `-dev`: in-memory storage, a plugin directory),
 * started uninitialised, so `operator init` and `operator unseal` go through the client under test
 * exactly as they do on Strongroom.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureOpenBao } from '../../support/openbao';
import type { VaultHost } from './vault-host';

export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const START_TIMEOUT_MS = 60_000;

export async function startReferenceOpenBao(label: VaultHost['label'], workDir: string): Promise<VaultHost> {
  const bao = await ensureOpenBao();
  const port = await freeLoopbackPort();
  const pluginDir = path.join(workDir, 'plugins');
  fs.mkdirSync(pluginDir, { recursive: true });
  const config = path.join(workDir, 'openbao.hcl');
  fs.writeFileSync(
    config,
    [
      // OpenBao 2.x has no file backend; raft would add a leader election after each unseal.
      'storage "inmem" {}',
      `listener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_disable = true\n}`,
      `plugin_directory = ${JSON.stringify(pluginDir)}`,
      `api_addr = "http://127.0.0.1:${port}"`,
      '',
    ].join('\n'),
  );
  const child = spawn(bao, ['server', `-config=${config}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const addr = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`OpenBao (host ${label}) exited during start-up (code ${child.exitCode}):\n${output}`);
    const up = await fetch(`${addr}/v1/sys/seal-status`).then((reply) => reply.status === 200, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`OpenBao (host ${label}) did not answer sys/seal-status within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    label,
    kind: 'openbao',
    addr,
    pluginDir,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
