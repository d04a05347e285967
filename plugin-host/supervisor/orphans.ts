/**
 * Plugins outliving a killed host. A host that exits normally kills its children (host-exit
 * guard), but a host killed with SIGKILL runs no code, and Go plugins do not notice their parent
 * is gone. So every plugin process leaves a record in its private socket directory, and the next
 * supervisor on the same socket root reaps what is still running — only when the live process is
 * still the recorded binary, so a recycled pid is never killed — and removes the stale sockets.
 * A plugin leads its own process group, so the whole group goes with it; on Linux, processes the
 * plugin started are also found by the private socket directory in their environment
 * (`PLUGIN_UNIX_SOCKET_DIR`, a unique path), which catches them even after the plugin itself died
 * or when they left its group.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginLogLine } from '../launch/log-line';
import { signalGroup } from '../launch/process-group';

const RECORD = 'plugin.json';
const DIR_PREFIX = 'sr-';

interface PluginRecord {
  pid: number;
  command: string;
}

export async function recordPlugin(socketDir: string, record: PluginRecord): Promise<void> {
  await writeFile(join(socketDir, RECORD), JSON.stringify(record), { mode: 0o600 });
}

export interface ReapReport {
  killed: number[];
  removedDirs: number;
}

/** Kills recorded plugins still running the recorded binary; removes every leftover socket dir. */
export async function reapOrphans(socketRoot: string): Promise<ReapReport> {
  const report: ReapReport = { killed: [], removedDirs: 0 };
  let names: string[];
  try {
    names = (await readdir(socketRoot)).filter((name) => name.startsWith(DIR_PREFIX));
  } catch {
    return report; // no socket root yet: nothing ran before
  }
  for (const name of names) {
    const dir = join(socketRoot, name);
    const record = await readRecord(dir);
    // What the plugin started, also when the plugin itself is gone (or never got its record
    // written): listed before the group is killed, since a dying process's environment is empty.
    const startedFrom = (await processesStartedFrom(dir)).filter((pid) => pid !== record?.pid);
    if (record !== undefined && (await runsCommand(record.pid, record.command)) && (signalGroup(record.pid, 'SIGKILL') || killPid(record.pid))) {
      report.killed.push(record.pid);
    }
    for (const pid of startedFrom) if (killPid(pid)) report.killed.push(pid);
    await rm(dir, { recursive: true, force: true });
    report.removedDirs += 1;
  }
  return report;
}

async function readRecord(dir: string): Promise<PluginRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, RECORD), 'utf8')) as Partial<PluginRecord>;
    return typeof parsed.pid === 'number' && typeof parsed.command === 'string' ? { pid: parsed.pid, command: parsed.command } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the socket root if needed and reaps it. Never rejects: returns the log line to show
 * when something was reaped or the check failed (starts go ahead; the launcher re-checks dirs).
 */
export async function reapOrphanedPlugins(socketRoot: string): Promise<PluginLogLine | undefined> {
  let message: string;
  let pids: number[] = [];
  try {
    await mkdir(socketRoot, { recursive: true, mode: 0o700 });
    const report = await reapOrphans(socketRoot);
    if (report.killed.length === 0 && report.removedDirs === 0) return undefined;
    pids = report.killed;
    message = `Reaped ${pids.length} plugin process(es) left running by a previous run, and ${report.removedDirs} stale socket folder(s).`;
  } catch (error) {
    message = `Could not check ${socketRoot} for plugins left running by a previous run: ${String(error)}`;
  }
  return { time: new Date().toISOString(), level: 'warn', message, fields: { pids, socketRoot }, plugin: 'strongroom', pid: process.pid };
}

function killPid(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false; // it exited meanwhile
  }
}

/**
 * Linux: the live processes whose environment names `socketDir` as their PLUGIN_UNIX_SOCKET_DIR —
 * the plugin and what it started (a unique mkdtemp path, so no unrelated process matches).
 * Elsewhere: none (the process group covers them while the plugin lives).
 */
async function processesStartedFrom(socketDir: string): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const marker = Buffer.from(`\0PLUGIN_UNIX_SOCKET_DIR=${socketDir}\0`);
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`).catch(() => undefined);
    if (environ !== undefined && Buffer.concat([Buffer.from([0]), environ]).includes(marker)) found.push(pid);
  }
  return found;
}

/** Whether `pid` is alive and executing `command` (Linux: /proc/<pid>/exe; elsewhere: ps). */
async function runsCommand(pid: number, command: string): Promise<boolean> {
  if (process.platform === 'linux') {
    try {
      return (await readlink(`/proc/${pid}/exe`)).replace(/ \(deleted\)$/, '') === command;
    } catch {
      return false;
    }
  }
  try {
    const comm = execFileSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' }).trim();
    return comm !== '' && command.endsWith(comm);
  } catch {
    return false;
  }
}
