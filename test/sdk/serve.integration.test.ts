// serve() as a host sees it, on the packaged hello plugin: handshake line, hclog stderr, SIGINT
// ignored, mTLS (only the host's certificate is accepted), health, version, multiplexing, and
// Shutdown → exit 0 with the socket removed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { HealthCheckRequest, HealthCheckResponse } from '../../plugin-host/gen/grpc/health/v1/health';
import { VersionReply } from '../../plugin-host/gen/logical/version';
import { MultiplexingSupportResponse } from '../../plugin-host/gen/pluginutil/multiplexing';
import { createHostCertificate, pluginCertificateToPem } from '../../plugin-host/launch/mtls';
import type { HostCertificate } from '../../plugin-host/launch/mtls';
import { buildPlugin } from '../../examples/ts/hello/build';

const COOKIE = { VAULT_BACKEND_PLUGIN: '6669da05-b1c8-4f49-97d9-c8e5bed98e20' };

function unary<Res>(client: grpc.Client, path: string, request: Buffer, decode: (b: Buffer) => Res): Promise<Res> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(path, (b: Buffer) => b, decode, request, (error, reply) => (error ? reject(error) : resolve(reply as Res))),
  );
}

describe('serve() seen from a host', { timeout: 60_000 }, () => {
  let child: ChildProcess;
  let host: HostCertificate;
  let fields: string[];
  const stderr: string[] = [];
  let client: grpc.Client;

  before(async () => {
    const plugin = await buildPlugin();
    host = await createHostCertificate();
    child = spawn(plugin.file, [], {
      env: { PATH: process.env['PATH'] ?? '', ...COOKIE, PLUGIN_CLIENT_CERT: host.certPem, PLUGIN_PROTOCOL_VERSIONS: '4,5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const [first] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    fields = first.toString('utf8').trimEnd().split('|');
    client = new grpc.Client(`unix:${fields[3]}`, grpc.credentials.createSsl(Buffer.from(pluginCertificateToPem(fields[5] ?? '')), Buffer.from(host.keyPem), Buffer.from(host.certPem)), {
      'grpc.ssl_target_name_override': 'localhost',
      'grpc.default_authority': 'localhost',
    });
  });
  after(() => {
    client?.close();
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints 1|5|unix|<socket>|grpc|<base64 DER without padding>', () => {
    assert.equal(fields.length, 6);
    assert.deepEqual([fields[0], fields[1], fields[2], fields[4]], ['1', '5', 'unix', 'grpc']);
    assert.match(fields[5] ?? '', /^[A-Za-z0-9+/]{100,}$/);
    assert.ok(existsSync(fields[3] ?? ''));
  });

  it('logs hclog JSON on stderr with six fractional digits', () => {
    const entry = JSON.parse(stderr[0] ?? '{}') as Record<string, string>;
    assert.equal(entry['@message'], 'plugin address');
    assert.match(entry['@timestamp'] ?? '', /\.\d{6}Z$/);
  });

  it('answers health, version and multiplexing over mTLS', async () => {
    const health = await unary(client, '/grpc.health.v1.Health/Check', Buffer.from(HealthCheckRequest.encode({ service: 'plugin' }).finish()), (b) => HealthCheckResponse.decode(b));
    assert.equal(health.status, 1);
    const version = await unary(client, '/logical.PluginVersion/Version', Buffer.alloc(0), (b) => VersionReply.decode(b));
    assert.equal(version.plugin_version, 'v0.1.0');
    const mux = await unary(client, '/pluginutil.multiplexing.PluginMultiplexing/MultiplexingSupport', Buffer.alloc(0), (b) => MultiplexingSupportResponse.decode(b));
    assert.equal(mux.supported, true);
  });

  it('refuses a client with another certificate', async () => {
    const stranger = await createHostCertificate();
    const other = new grpc.Client(`unix:${fields[3]}`, grpc.credentials.createSsl(Buffer.from(pluginCertificateToPem(fields[5] ?? '')), Buffer.from(stranger.keyPem), Buffer.from(stranger.certPem)), {
      'grpc.ssl_target_name_override': 'localhost',
      'grpc.default_authority': 'localhost',
    });
    await assert.rejects(unary(other, '/grpc.health.v1.Health/Check', Buffer.alloc(0), (b) => b), { code: grpc.status.UNAVAILABLE });
    other.close();
  });

  it('ignores SIGINT, exits 0 on Shutdown and removes its socket', async () => {
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(child.exitCode, null);
    const exited = once(child, 'exit');
    await unary(client, '/plugin.GRPCController/Shutdown', Buffer.alloc(0), (b) => b).catch(() => undefined);
    const [code] = (await exited) as [number];
    assert.equal(code, 0);
    assert.equal(existsSync(fields[3] ?? ''), false);
  });
});
