// The launcher against real Go plugins built with HashiCorp's Vault SDK and go-plugin: the
// `strongroom-custom` engine for the happy path (catalog → verify → launch → handshake → mTLS),
// and the `strongroom-misbehave` modes for each named launch error.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { PluginCatalog } from '../../../plugin-host/catalog/catalog';
import { isHostError } from '../../../plugin-host/errors';
import type { HostErrorCode } from '../../../plugin-host/errors';
import { launchPlugin } from '../../../plugin-host/launch/launcher';
import type { LaunchSpec, LaunchedPlugin } from '../../../plugin-host/launch/launcher';
import type { PluginLogLine } from '../../../plugin-host/launch/log-line';
import { createHostCertificate } from '../../../plugin-host/launch/mtls';
import type { HostCertificate } from '../../../plugin-host/launch/mtls';
import { ensureFixtures, fixtureBinDir, fixturePath } from '../../fixtures/plugins/fixtures';

let work = '';
let hostCertificate: HostCertificate;
let dirs = 0;
const launched: LaunchedPlugin[] = [];

before(async () => {
  await ensureFixtures({ names: ['strongroom-custom', 'strongroom-misbehave'] });
  work = await mkdtemp(join(tmpdir(), 'sr-go-launch-'));
  hostCertificate = await createHostCertificate();
});

after(async () => {
  for (const plugin of launched) plugin.kill();
  await Promise.all(launched.map((plugin) => plugin.exited));
  await rm(work, { recursive: true, force: true });
});

function spec(command: string, overrides: Partial<LaunchSpec> = {}): LaunchSpec {
  dirs += 1;
  return {
    pluginName: 'custom',
    mountLabel: 'custom/',
    command,
    args: [],
    env: {},
    socketDir: join(work, `s${dirs}`),
    hostCertificate,
    protocolVersions: [4, 5],
    startTimeoutMs: 20_000,
    vaultVersion: '1.19.0',
    onLog: () => undefined,
    ...overrides,
  };
}

async function launch(s: LaunchSpec): Promise<LaunchedPlugin> {
  const plugin = await launchPlugin(s);
  launched.push(plugin);
  return plugin;
}

describe('launching strongroom-custom (Vault SDK, go-plugin)', () => {
  test('catalog-verified launch: protocol 5, a unix socket in the private dir, a parseable certificate, mTLS', async (t) => {
    const catalog = new PluginCatalog({ pluginDirectory: fixtureBinDir });
    let started = performance.now();
    const entry = await catalog.register({ type: 'secret', name: 'custom', command: 'strongroom-custom' });
    const command = await catalog.verifyForStart(entry);
    t.diagnostic(`register + verifyForStart (2 × sha256 of a ${((await stat(command)).size / 1e6).toFixed(0)} MB binary): ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(command, fixturePath('strongroom-custom'));

    const logs: PluginLogLine[] = [];
    const s = spec(command, { onLog: (line) => logs.push(line) });
    started = performance.now();
    const plugin = await launch(s);
    t.diagnostic(`spawn → handshake (Go plugin): ${plugin.handshakeMs.toFixed(1)} ms; launchPlugin total ${(performance.now() - started).toFixed(1)} ms`);

    assert.equal(plugin.handshake.coreVersion, 1);
    assert.equal(plugin.handshake.appVersion, 5);
    assert.equal(plugin.handshake.network, 'unix');
    assert.equal(plugin.handshake.protocol, 'grpc');
    assert.equal(plugin.handshake.multiplexBroker, false);
    assert.ok(plugin.handshake.address.startsWith(`${s.socketDir}/plugin`), plugin.handshake.address);
    assert.ok((await stat(plugin.handshake.address)).isSocket());
    const cert = new X509Certificate(plugin.handshake.serverCertPem);
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.match(cert.subject, /O=HashiCorp/);

    // The plugin accepts our P-256 client certificate and we accept its certificate: AutoMTLS works.
    const socket = connect({
      path: plugin.handshake.address,
      servername: 'localhost',
      ca: plugin.handshake.serverCertPem,
      cert: hostCertificate.certPem,
      key: hostCertificate.keyPem,
      ALPNProtocols: ['h2'],
    });
    await once(socket, 'secureConnect');
    assert.equal(socket.authorized, true);
    assert.equal(socket.alpnProtocol, 'h2');
    socket.destroy();

    plugin.kill();
    assert.deepEqual(await plugin.exited, { code: null, signal: 'SIGKILL' });
    for (const line of logs) assert.deepEqual([line.plugin, line.mount, line.pid], ['custom', 'custom/', plugin.pid]);
  });

  test('offered only protocol 4, the plugin speaks 4', async () => {
    const plugin = await launch(spec(fixturePath('strongroom-custom'), { protocolVersions: [4] }));
    assert.equal(plugin.handshake.appVersion, 4);
    plugin.kill();
    await plugin.exited;
  });
});

describe('launching strongroom-misbehave: each failure has its own error', () => {
  const cases: Array<{ mode: string; code: HostErrorCode; message: RegExp; timeoutMs?: number }> = [
    { mode: 'exit-early', code: 'exited_before_handshake', message: /exited with code 3 before it wrote its handshake line/ },
    { mode: 'garbage', code: 'handshake_unrecognized', message: /is not a go-plugin handshake/ },
    { mode: 'bad-core-version', code: 'incompatible_core_version', message: /core protocol "2"/ },
    { mode: 'bad-app-version', code: 'incompatible_app_version', message: /"99"; Strongroom accepts 4, 5\. .*too new/ },
    { mode: 'hang', code: 'start_timeout', message: /within 1500 ms/, timeoutMs: 1_500 },
  ];
  for (const { mode, code, message, timeoutMs } of cases) {
    test(mode, async () => {
      const s = spec(fixturePath('strongroom-misbehave'), { args: [mode], startTimeoutMs: timeoutMs ?? 20_000 });
      await assert.rejects(launchPlugin(s), (error: unknown) => {
        assert.ok(isHostError(error), String(error));
        assert.equal(error.code, code, error.message);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
