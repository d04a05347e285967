/**
 * CPU time of a process from Linux's `/proc/<pid>/stat` (user + system, all its threads), and
 * the Go plugin's process found by its command line: the supervisor runs the binary from the
 * host's plugin directory, so the process whose argv[0] is under that folder is the plugin, and
 * its parent is the Strongroom server.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function statFields(pid: number, file = `/proc/${pid}/stat`): string[] {
  const stat = fs.readFileSync(file, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: split after it.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime in µs (fields 14 and 15 of stat, counted from field 3 after the name). */
export function processCpuUs(pid: number): number {
  const fields = statFields(pid);
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/** The same for one thread; a process's main thread has the process's id. */
export function threadCpuUs(pid: number, tid: number): number {
  const fields = statFields(pid, `/proc/${pid}/task/${tid}/stat`);
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

export function findPluginProcess(pluginDir: string): { pid: number; parentPid: number } {
  const folders = [pluginDir, fs.realpathSync(pluginDir)].map((folder) => `${folder}/`);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv0: string;
    try {
      argv0 = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
    } catch {
      continue; // gone, or not ours to read
    }
    if (folders.some((folder) => argv0.startsWith(folder))) return { pid: Number(entry), parentPid: Number(statFields(Number(entry))[1]) };
  }
  throw new Error(`no running process from ${pluginDir}: did the kv plugin start?`);
}
