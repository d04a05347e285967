/**
 * Memory and CPU use of a plugin process and its descendants, read from Linux's /proc: VmRSS
 * from `status` (kB, so no page-size guess) and utime + stime from `stat` (clock ticks; USER_HZ is
 * 100 on every Linux ABI). Descendants come from each thread's `children` list, because a Go
 * program forks from whichever thread runs the goroutine. Elsewhere (no /proc) it reads nothing.
 */
import { readdir, readFile } from 'node:fs/promises';

export interface ProcUsage {
  /** Sum over the process and its descendants. */
  rssBytes: number;
  /** user + system CPU time, in seconds, summed the same way. */
  cpuSeconds: number;
  /** How many processes the sums cover (1 = the plugin alone). */
  processes: number;
}

const USER_HZ = 100;
const MAX_PROCESSES = 64;

/** Usage of `pid` and what it started; undefined when the process is gone or /proc is missing. */
export async function readProcUsage(pid: number): Promise<ProcUsage | undefined> {
  const own = await readOne(pid);
  if (own === undefined) return undefined;
  const total: ProcUsage = { rssBytes: own.rssBytes, cpuSeconds: own.cpuSeconds, processes: 1 };
  const queue = await childrenOf(pid);
  const seen = new Set([pid]);
  while (queue.length > 0 && total.processes < MAX_PROCESSES) {
    const child = queue.shift() as number;
    if (seen.has(child)) continue;
    seen.add(child);
    const usage = await readOne(child);
    if (usage === undefined) continue;
    total.rssBytes += usage.rssBytes;
    total.cpuSeconds += usage.cpuSeconds;
    total.processes += 1;
    queue.push(...(await childrenOf(child)));
  }
  return total;
}

/**
 * Threads of `pid` that are running or waiting for a core (state R). A loop keeps one thread
 * runnable all the time even when other programs leave it less than a core; undefined if gone.
 */
export async function runnableThreads(pid: number): Promise<number | undefined> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const stats = await Promise.all(tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '')));
    return stats.filter((stat) => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'R').length;
  } catch {
    return undefined;
  }
}

async function readOne(pid: number): Promise<{ rssBytes: number; cpuSeconds: number } | undefined> {
  try {
    const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')]);
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return { rssBytes: rss === null ? 0 : Number(rss[1]) * 1024, cpuSeconds: Number.isFinite(ticks) ? ticks / USER_HZ : 0 };
  } catch {
    return undefined;
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '')));
    return lists.flatMap((list) => list.split(' ').filter((field) => field !== '').map(Number));
  } catch {
    return [];
  }
}
