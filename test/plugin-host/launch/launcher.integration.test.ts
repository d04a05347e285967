import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isHostError } from '../../../plugin-host/errors';
import type { HostErrorCode } from '../../../plugin-host/errors';
import { HOST_CONTROLLED_ENV_KEYS } from '../../../plugin-host/launch/env';
import { launchPlugin } from '../../../plugin-host/launch/launcher';
import type { LaunchSpec, LaunchedPlugin } from '../../../plugin-host/launch/launcher';
import type { PluginLogLine } from '../../../plugin-host/launch/log-line';
import { createHostCertificate } from '../../../plugin-host/launch/mtls';
import type { HostCertificate } from '../../../plugin-host/launch/mtls';
import { processAlive } from '../../support/processes';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(here, '../../..');
let work = '';
let fakePlugin = '';
let hostCertificate: HostCertificate;
let socketDirs = 0;
const launched: LaunchedPlugin[] = [];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sr-launch-'));
  fakePlugin = join(work, 'fake-plugin');
  const source = await readFile(join(here, 'fake-plugin-script.mjs'), 'utf8');
  await writeFile(fakePlugin, `#!${process.execPath}\n${source}`, { mode: 0o755 });
  hostCertificate = await createHostCertificate();
});

after(async () => {
  for (const plugin of launched) plugin.kill();
  await Promise.all(launched.map((plugin) => plugin.exited));
  await rm(work, { recursive: true, force: true });
});

function spec(overrides: Partial<LaunchSpec> & { logs?: PluginLogLine[] } = {}): LaunchSpec {
  const logs = overrides.logs ?? [];
  socketDirs += 1;
  return {
    pluginName: 'fake',
    mountLabel: 'fake/',
    command: fakePlugin,
    args: ['good'],
    env: {},
    socketDir: join(work, `s${socketDirs}`),
    hostCertificate,
    protocolVersions: [4, 5],
    startTimeoutMs: 10_000,
    vaultVersion: '1.19.0',
    onLog: (line) => logs.push(line),
    ...overrides,
  };
}

async function launch(s: LaunchSpec): Promise<LaunchedPlugin> {
  const plugin = await launchPlugin(s);
  launched.push(plugin);
  return plugin;
}

async function rejectsWith(promise: Promise<unknown>, code: HostErrorCode, message: RegExp): Promise<Record<string, unknown>> {
  let detail: Record<string, unknown> = {};
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isHostError(error), String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    detail = error.detail ?? {};
    return true;
  });
  return detail;
}


async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('launchPlugin: a well-behaved plugin', () => {
  test('handshakes on a unix socket in the private dir with the exact environment', async (t) => {
    const logs: PluginLogLine[] = [];
    const envDump = join(work, 'env.json');
    const s = spec({ args: ['good', envDump], env: { CUSTOM_SETTING: 'on' }, logs });
    const plugin = await launch(s);
    t.diagnostic(`spawn → handshake (Node script): ${plugin.handshakeMs.toFixed(1)} ms`);

    assert.equal(plugin.handshake.appVersion, 5);
    assert.equal(plugin.handshake.network, 'unix');
    assert.ok(plugin.handshake.address.startsWith(`${s.socketDir}/plugin`));
    assert.ok((await stat(plugin.handshake.address)).isSocket());
    assert.equal(plugin.handshake.serverCertPem, hostCertificate.certPem);
    assert.equal((await stat(s.socketDir)).mode & 0o777, 0o700);
    assert.equal(plugin.hasExited, false);

    const env = JSON.parse(await readFile(envDump, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(env).sort(), [...HOST_CONTROLLED_ENV_KEYS, 'PATH', 'CUSTOM_SETTING'].sort());
    assert.equal(env.CUSTOM_SETTING, 'on');
    assert.equal(env.PLUGIN_UNIX_SOCKET_DIR, s.socketDir);

    await until(() => logs.some((line) => line.message === 'plugin address'));
    const line = logs.find((entry) => entry.message === 'plugin address');
    assert.deepEqual([line?.plugin, line?.mount, line?.pid, line?.level], ['fake', 'fake/', plugin.pid, 'debug']);
    assert.equal(line?.fields.address, plugin.handshake.address);

    plugin.kill();
    assert.deepEqual(await plugin.exited, { code: null, signal: 'SIGKILL' });
    assert.equal(plugin.hasExited, true);
    assert.equal(processAlive(plugin.pid), false, 'the process is reaped, not a zombie');
    plugin.kill(); // a no-op once exited
  });

  test('a trivial shell script handshakes, five times in a row, each timed', async (t) => {
    const der = Buffer.from(hostCertificate.certDer).toString('base64').replace(/=+$/, '');
    const script = join(work, 'trivial.sh');
    // The launcher dials the announced address once: the test listens there for the script.
    const socket = join(work, 'trivial.sock');
    const listener = createServer((connection) => connection.destroy());
    await new Promise<void>((resolve) => listener.listen(socket, resolve));
    t.after(() => listener.close());
    await writeFile(script, `#!/bin/sh\necho "1|5|unix|${socket}|grpc|${der}"\nexec sleep 60\n`, { mode: 0o755 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const plugin = await launch(spec({ command: script, args: [] }));
      times.push(plugin.handshakeMs);
      plugin.kill();
      await plugin.exited;
    }
    times.sort((a, b) => a - b);
    t.diagnostic(`spawn → handshake (sh script): median ${times[2]?.toFixed(1)} ms, min ${times[0]?.toFixed(1)} ms`);
    // How fast is the bench's business (bench/plugin-host.ts); here each start must report its time.
    assert.equal(times.length, 5);
    for (const ms of times) assert.ok(Number.isFinite(ms) && ms > 0, `handshakeMs ${ms}`);
  });

  test('a plugin that floods stderr with 10 MB is drained, rate-limited and keeps running', async () => {
    const logs: PluginLogLine[] = [];
    const started = performance.now();
    const plugin = await launch(spec({ args: ['flood-stderr'], logs }));
    // 'flood done' itself is usually over the budget: it reaches the recent ring, not the log.
    await until(() => plugin.recentStderr().some((line) => line.includes('flood done')), 20_000);
    await until(() => logs.some((line) => /stderr lines dropped/.test(line.message)), 5_000);
    const seconds = (performance.now() - started) / 1000;
    // Default budget: 1,000 burst + 500 lines/s, plus one summary line per second.
    assert.ok(logs.length <= 1_000 + 501 * Math.ceil(seconds) + 1, `${logs.length} log events for 100k lines in ${seconds} s`);
    assert.equal(plugin.hasExited, false);
  });

  test('stdout after the handshake is drained, so the plugin never blocks on it', async () => {
    const logs: PluginLogLine[] = [];
    const plugin = await launch(spec({ args: ['flood-stdout'], logs }));
    await until(() => logs.some((line) => line.message === 'stdout done'), 20_000);
    assert.equal(plugin.hasExited, false);
  });
});

describe('launchPlugin: precise errors', () => {
  test('exited_before_handshake carries the exit code and the last stderr lines', async () => {
    const detail = await rejectsWith(
      launchPlugin(spec({ args: ['exit-early'] })),
      'exited_before_handshake',
      /exited with code 3 before it wrote its handshake line.*\n\[ERROR\] cannot open configuration\nsecond reason line/s,
    );
    assert.equal(detail.code, 3);
  });

  test('exited_before_handshake names the signal that ended the plugin', async () => {
    await rejectsWith(launchPlugin(spec({ args: ['die-by-signal'] })), 'exited_before_handshake', /killed by SIGTERM.*about to be terminated/s);
  });

  test('start_timeout kills the plugin and says how long we waited', async () => {
    const started = Date.now();
    const detail = await rejectsWith(
      launchPlugin(spec({ args: ['hang'], startTimeoutMs: 1_500 })),
      'start_timeout',
      /within 1500 ms, so it was stopped.*loading a very large model/s,
    );
    assert.ok(Date.now() - started < 5_000);
    assert.equal(processAlive(detail.pid as number), false);
  });

  test('handshake_unrecognized quotes the line and stderr, and the plugin is stopped', async () => {
    const detail = await rejectsWith(
      launchPlugin(spec({ args: ['garbage'] })),
      'handshake_unrecognized',
      /"Welcome to my program! Type help for help\.".*this program does not speak go-plugin/s,
    );
    assert.deepEqual(detail.recentStderr, ['this program does not speak go-plugin']);
  });

  test('incompatible_app_version when the plugin picks a version we did not offer', async () => {
    await rejectsWith(launchPlugin(spec({ args: ['wrong-version'] })), 'incompatible_app_version', /"3"; Strongroom accepts 4, 5/);
  });

  test('plugin_binary_missing names the file', async () => {
    const missing = join(work, 'no-such-plugin');
    await rejectsWith(launchPlugin(spec({ command: missing })), 'plugin_binary_missing', new RegExp(`"${missing}" does not exist`));
  });

  test('plugin_binary_not_executable names the file', async () => {
    const plain = join(work, 'not-executable');
    await copyFile(fakePlugin, plain);
    await chmod(plain, 0o644);
    await rejectsWith(launchPlugin(spec({ command: plain })), 'plugin_binary_not_executable', new RegExp(`"${plain}" is not executable`));
  });
});

describe('launchPlugin: the private socket directory', () => {
  test('a loose pre-existing directory is tightened to 0700', async () => {
    const s = spec();
    await mkdir(s.socketDir, { mode: 0o755 });
    await chmod(s.socketDir, 0o755);
    await launch(s);
    assert.equal((await stat(s.socketDir)).mode & 0o777, 0o700);
  });

  test('a symlink is refused', async () => {
    const s = spec();
    const real = join(work, 'real-socket-dir');
    await mkdir(real, { mode: 0o700 });
    await symlink(real, s.socketDir);
    assert.ok((await lstat(s.socketDir)).isSymbolicLink());
    await rejectsWith(launchPlugin(s), 'spawn_failed', /not a directory \(symlinks are refused\)/);
  });

  test('a path too long for a unix socket is refused before spawning', async () => {
    await rejectsWith(launchPlugin(spec({ socketDir: join(work, 'd'.repeat(120)) })), 'spawn_failed', /longer than \d+ bytes/);
  });
});

describe('launchPlugin: the child never outlives the host', () => {
  test('a host that exits takes its plugin with it', async () => {
    const host = join(work, 'host.mts');
    await writeFile(
      host,
      [
        `import { launchPlugin } from ${JSON.stringify(join(repoRoot, 'plugin-host/launch/launcher.ts'))};`,
        `import { createHostCertificate } from ${JSON.stringify(join(repoRoot, 'plugin-host/launch/mtls.ts'))};`,
        `const plugin = await launchPlugin({ pluginName: 'fake', command: ${JSON.stringify(fakePlugin)}, args: ['good'], env: {},`,
        `  socketDir: ${JSON.stringify(join(work, 'host-exit'))}, hostCertificate: await createHostCertificate(),`,
        `  protocolVersions: [5], startTimeoutMs: 10000, vaultVersion: '1.19.0', onLog: () => {} });`,
        'console.log(plugin.pid);',
        'process.exit(0);',
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', host], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 0);
    const pid = Number(output.trim());
    assert.ok(pid > 0, output);
    await until(() => !processAlive(pid), 3_000);
  });
});
