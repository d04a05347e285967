/**
 * Starts one plugin process and waits for its handshake line.
 *
 * The command was already verified by the catalog (sha256, confinement). Here: private socket
 * dir, explicit environment, spawn, first stdout line within the start timeout, handshake
 * validation. Afterwards stdout is drained and dropped (go-plugin does the same, a full pipe
 * would block the plugin), stderr becomes structured log lines, and the process is SIGKILLed if
 * the host exits first (see host-exit-guard.ts). The plugin leads a process group of its own, and
 * every signal goes to the whole group: nothing the plugin started outlives it (process-group.ts).
 */
import { spawn } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { HostError } from '../errors';
import { checkDialable } from './dial-check';
import { buildPluginEnv } from './env';
import { parseHandshakeLine, SHOWN_STDERR_LINES } from './handshake';
import type { Handshake } from './handshake';
import { killGroupOnHostExit, killOnHostExit } from './host-exit-guard';
import { signalGroup, signalPluginTree } from './process-group';
import type { PluginLogLine } from './log-line';
import type { HostCertificate } from './mtls';
import { preparePrivateSocketDir } from './socket-dir';
import { StderrLogReader } from './stderr-log';
import { waitForFirstLine } from './first-line';

export type { Handshake } from './handshake';
export { DEFAULT_PROTOCOL_VERSIONS } from './env';

export interface LaunchSpec {
  /** Catalog name, used to tag log lines. */
  pluginName: string;
  /** Mount path(s), used to tag log lines. */
  mountLabel?: string;
  /** Absolute path, already verified by the catalog (sha256 + confinement). */
  command: string;
  args: string[];
  /** The catalog entry's env: the ONLY extra env the child gets (see env.ts). */
  env: Record<string, string>;
  /** Private 0700 dir; becomes PLUGIN_UNIX_SOCKET_DIR and TMPDIR. Created if missing. */
  socketDir: string;
  hostCertificate: HostCertificate;
  /** Usually [4, 5]. */
  protocolVersions: number[];
  startTimeoutMs: number;
  /** How the user raises the start timeout (where the setting is), for the start_timeout message. */
  startTimeoutAdvice?: string;
  vaultVersion: string;
  onLog: (line: PluginLogLine) => void;
}

export interface PluginExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LaunchedPlugin {
  readonly pid: number;
  readonly handshake: Handshake;
  /** Resolves once the process is reaped; never rejects. */
  readonly exited: Promise<PluginExit>;
  readonly hasExited: boolean;
  /** Milliseconds from spawn to a valid handshake line. */
  readonly handshakeMs: number;
  /** Signals the plugin's whole process group; default SIGKILL. A no-op once the process has exited. */
  kill(signal?: NodeJS.Signals): void;
  /** Last ~20 stderr lines, for error messages. */
  recentStderr(): string[];
}

/** How long to wait after 'exit' for the last stderr bytes before quoting them in an error. */
const STDERR_DRAIN_AFTER_EXIT_MS = 250;
export function describeExit(exit: PluginExit): string {
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return 'exited';
}

export async function launchPlugin(spec: LaunchSpec): Promise<LaunchedPlugin> {
  await preparePrivateSocketDir(spec.socketDir);
  const env = buildPluginEnv({
    hostEnv: process.env,
    platform: process.platform,
    catalogEnv: spec.env,
    vaultVersion: spec.vaultVersion,
    protocolVersions: spec.protocolVersions,
    hostCertificatePem: spec.hostCertificate.certPem,
    socketDir: spec.socketDir,
  });

  const startedAt = performance.now();
  const child = await spawnChild(spec, env);
  const plugin = new PluginProcess(child, spec);
  try {
    const line = await waitForFirstLine(child, spec.startTimeoutMs);
    if (line.kind === 'timeout') throw startTimeout(spec, plugin);
    if (line.kind === 'exit') throw await exitedBeforeHandshake(spec, plugin, line.partialStdout);
    const handshake = parseHandshakeLine(line.text, {
      protocolVersions: spec.protocolVersions,
      recentStderr: plugin.recentStderr(),
    });
    await checkDialable(spec.pluginName, handshake);
    // The plugin creates its socket with its umask (usually 0755); its directory is 0700 already,
    // and the socket itself is made owner-only too.
    if (handshake.network === 'unix') await chmod(handshake.address, 0o600).catch(() => undefined);
    plugin.ready(handshake, performance.now() - startedAt);
    return plugin;
  } catch (error) {
    plugin.kill();
    await plugin.exited;
    throw error;
  }
}

class PluginProcess implements LaunchedPlugin {
  readonly pid: number;
  readonly exited: Promise<PluginExit>;
  /** Resolves when the child's stdio streams are closed too (all stderr read). */
  readonly closed: Promise<void>;
  private exitInfo: PluginExit | undefined;
  private handshakeValue: Handshake | undefined;
  private handshakeMsValue = 0;
  private readonly stderr: StderrLogReader;

  constructor(
    private readonly child: ChildProcess,
    spec: LaunchSpec,
  ) {
    this.pid = child.pid as number;
    killOnHostExit(child);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        endLeftovers(this.pid);
        resolve(this.exitInfo);
      });
    });
    this.closed = once(child, 'close').then(() => undefined);
    // Errors after a successful spawn (e.g. a failed kill) must not become uncaught exceptions.
    child.on('error', () => undefined);
    this.stderr = new StderrLogReader({
      plugin: spec.pluginName,
      mount: spec.mountLabel,
      pid: this.pid,
      onLog: spec.onLog,
    });
    if (child.stderr) this.stderr.attach(child.stderr);
  }

  get handshake(): Handshake {
    if (!this.handshakeValue) throw new Error('handshake read before the plugin was ready');
    return this.handshakeValue;
  }

  get handshakeMs(): number {
    return this.handshakeMsValue;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  get exitStatus(): PluginExit | undefined {
    return this.exitInfo;
  }

  ready(handshake: Handshake, handshakeMs: number): void {
    this.handshakeValue = handshake;
    this.handshakeMsValue = handshakeMs;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.hasExited) signalPluginTree(this.child, signal);
  }

  recentStderr(): string[] {
    return this.stderr.recentLines();
  }
}

/** How long what a plugin left behind gets between SIGTERM and SIGKILL. */
const LEFTOVER_GRACE_MS = 1_000;

const LEFTOVER_POLL_MS = 100;

/**
 * The plugin exited (by itself, a stop or a kill -9): whatever it started gets SIGTERM, then
 * SIGKILL after a grace period, as the plugin itself does on a stop. The group is watched
 * meanwhile and left alone once it is empty, so the SIGKILL only ever reaches a group that kept
 * members all along (a pid is not reused while its group has members).
 */
function endLeftovers(pid: number): void {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const release = killGroupOnHostExit(pid);
  const deadline = Date.now() + LEFTOVER_GRACE_MS;
  const watch = setInterval(() => {
    const empty = !signalGroup(pid, 0);
    if (!empty && Date.now() < deadline) return;
    if (!empty) signalGroup(pid, 'SIGKILL');
    clearInterval(watch);
    release();
  }, LEFTOVER_POLL_MS).unref();
}

async function spawnChild(spec: LaunchSpec, env: Record<string, string>): Promise<ChildProcess> {
  let child: ChildProcess;
  try {
    child = spawn(spec.command, spec.args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own (setsid), so the plugin's children can be signalled with it.
      detached: true,
      windowsHide: true,
    });
  } catch (error) {
    throw spawnError(spec.command, error as NodeJS.ErrnoException);
  }
  if (child.pid === undefined) {
    // Node reports exec failures asynchronously, as an 'error' event without a pid.
    const [error] = (await once(child, 'error')) as [NodeJS.ErrnoException];
    throw spawnError(spec.command, error);
  }
  return child;
}

function spawnError(command: string, error: NodeJS.ErrnoException): HostError {
  const detail = { command, errno: error.code };
  switch (error.code) {
    case 'ENOENT':
      return new HostError(
        'plugin_binary_missing',
        `The plugin binary "${command}" does not exist (or its interpreter is missing). Put the file back, or re-register the plugin.`,
        detail,
      );
    case 'EACCES':
    case 'EPERM':
      return new HostError(
        'plugin_binary_not_executable',
        `The plugin binary "${command}" is not executable by this user. Run: chmod +x "${command}".`,
        detail,
      );
    case 'ENOEXEC':
      return new HostError(
        'plugin_binary_not_executable',
        `The plugin binary "${command}" is not a program this machine can run (${process.platform}/${process.arch}): ` +
          'build it for this operating system and architecture.',
        detail,
      );
    default:
      return new HostError('spawn_failed', `Could not start the plugin "${command}": ${error.message}.`, detail);
  }
}

function startTimeout(spec: LaunchSpec, plugin: PluginProcess): HostError {
  const stderr = plugin.recentStderr().slice(-SHOWN_STDERR_LINES);
  return new HostError(
    'start_timeout',
    `The plugin "${spec.pluginName}" did not write its handshake line within ${spec.startTimeoutMs} ms, so it was stopped. ` +
      `If it hangs at start-up, its log says why; if it is only slow (a large binary on a slow disk), ${spec.startTimeoutAdvice ?? 'raise the start timeout'}.` +
      quoteStderr(stderr),
    { waitedMs: spec.startTimeoutMs, pid: plugin.pid, recentStderr: stderr },
  );
}

async function exitedBeforeHandshake(spec: LaunchSpec, plugin: PluginProcess, partialStdout: string): Promise<HostError> {
  const status = await plugin.exited;
  // 'exit' can come before the last stderr bytes were read; give the pipe a moment to drain.
  await Promise.race([plugin.closed, new Promise((resolve) => setTimeout(resolve, STDERR_DRAIN_AFTER_EXIT_MS))]);
  const stderr = plugin.recentStderr().slice(-SHOWN_STDERR_LINES);
  const how = describeExit(status);
  return new HostError(
    'exited_before_handshake',
    `The plugin "${spec.pluginName}" ${how} before it wrote its handshake line. ` +
      (stderr.length > 0
        ? `Its last stderr lines say why:${quoteStderr(stderr)}`
        : 'It wrote nothing on stderr: check that the file is a Vault plugin built for this machine.') +
      (partialStdout ? `\nIts stdout: "${partialStdout.slice(0, 200)}"` : ''),
    { code: status.code, signal: status.signal, recentStderr: stderr, stdout: partialStdout.slice(0, 200) },
  );
}

function quoteStderr(lines: string[]): string {
  return lines.length > 0 ? `\n${lines.join('\n')}` : '';
}
