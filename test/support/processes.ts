import fs from 'node:fs';

/**
 * Alive and not a zombie (Linux /proc). A killed plugin re-parented to init may linger as a
 * zombie until reaped; for the tests it is gone in all but name.
 */
export function processAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
