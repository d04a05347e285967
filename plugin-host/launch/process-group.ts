/**
 * Each plugin runs in a process group of its own (spawned `detached`, i.e. `setsid()`: the group
 * id is the plugin's pid), so whatever it starts — helpers, shells, `sleep` — can be ended with
 * it by signalling the group. A pid cannot be reused while a group of that id still has members,
 * so signalling the group of a plugin that just exited reaches only its leftovers.
 *
 * Windows has no process groups to signal; there the plugin's own pid is signalled.
 */
import type { ChildProcess } from 'node:child_process';

export const OWN_PROCESS_GROUP = process.platform !== 'win32';

/**
 * Sends `signal` to the plugin's whole process group (0: only checks that it has members); false
 * when no member is left (or on Windows).
 */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  if (!OWN_PROCESS_GROUP) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

/** Signals the child's group, or the child itself where groups do not exist or it is gone. */
export function signalPluginTree(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid !== undefined && signalGroup(pid, signal)) return;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}
