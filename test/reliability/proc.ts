/** Facts about other processes from /proc (Linux): liveness, environment, socket directory. */
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { processAlive } from '../support/processes';

export function processEnvironment(pid: number): Record<string, string> {
  const raw = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
  return Object.fromEntries(
    raw
      .split('\0')
      .filter((entry) => entry.includes('='))
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

/** Waits until none of `pids` is alive or `timeoutMs` passed; returns those still alive. */
export async function waitForExit(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(processAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    alive = alive.filter(processAlive);
  }
  return alive;
}

export function openFdCount(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/**
 * A full garbage collection before a memory sample, so the soak's slope measures what is kept, not
 * where the collector happened to be (node:test gives no --expose-gc, so it is switched on here).
 */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}
