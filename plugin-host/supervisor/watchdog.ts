/**
 * The two reasons the host kills a running plugin on its own: RSS over the entry's memory
 * ceiling (checked at every sample), and a core kept busy after a request missed its deadline
 * (a request that never ends: an infinite loop). The reason becomes the process's exit error.
 */
import type { CatalogEntry } from '../catalog/catalog';
import { cpuRunawayError, memoryExceededError } from './process-errors';
import { ResourceWatch } from './resource-watch';
import type { RunningProcess } from './running-process';

/**
 * Looping: about a core of CPU time per second of wall time; or, on a machine whose cores are
 * busy with other programs (the plugin then gets far less than a core), a thread that wants a
 * core at nearly every probe and gets some CPU time. A plugin waiting on I/O, a lock or a timer
 * is neither: its threads sleep.
 */
function looping(busy: { cores: number; runnableShare: number }): boolean {
  return busy.cores >= 0.8 || (busy.runnableShare >= 0.9 && busy.cores >= 0.05);
}

/** `current()` is the slot's process now; the watch of an older one never kills its successor. */
export function memoryWatch(pid: number, intervalMs: number, entry: () => CatalogEntry, current: () => RunningProcess | undefined): ResourceWatch {
  return new ResourceWatch({
    pid,
    intervalMs,
    memoryLimitBytes: () => entry().memoryLimitMiB * 1024 * 1024,
    onOverLimit: (peak, limit) => {
      const running = current();
      if (running !== undefined && running.pid === pid) running.killFor(memoryExceededError(entry(), pid, peak, limit));
    },
  });
}

/** Measures for `windowMs`; kills the process if it stayed busy and is still the slot's. One measurement at a time (the watch's). */
export async function watchForRunaway(
  running: RunningProcess,
  plugin: string,
  request: { method: string; path: string; timeoutMs: number },
  windowMs: number,
  current: () => RunningProcess | undefined,
): Promise<void> {
  const busy = await running.watch.busyOver(windowMs);
  if (busy === undefined || !looping(busy) || current() !== running) return;
  running.killFor(cpuRunawayError(plugin, running.pid, request, busy.cores, windowMs));
}
