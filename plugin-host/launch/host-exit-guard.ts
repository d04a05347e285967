/**
 * Plugin children must never outlive the host: Go plugins do not notice that their host died
 * and would keep running (and holding their socket) forever.
 *
 * Every live child is tracked here, and one process 'exit' hook SIGKILLs them all, each with its
 * whole process group (so what a plugin started dies too; see process-group.ts). That hook
 * runs on process.exit(), on a normal end of the event loop and after an uncaught exception.
 * It does NOT run when the host itself is killed by a signal it does not handle (SIGKILL, or
 * SIGTERM/SIGINT without a handler): the app shell must turn SIGTERM/SIGINT into process.exit()
 * (Electron's quit path does) for the guarantee to hold.
 */
import type { ChildProcess } from 'node:child_process';
import { signalGroup, signalPluginTree } from './process-group';

const liveChildren = new Set<ChildProcess>();
/** Groups of plugins that exited while what they started is still being ended. */
const leftoverGroups = new Set<number>();
let hookInstalled = false;

function installHook(): void {
  if (hookInstalled) return;
  process.on('exit', killAllLiveChildren);
  hookInstalled = true;
}

export function killOnHostExit(child: ChildProcess): void {
  installHook();
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/** Keeps an exited plugin's process group on the list until `release` (its leftovers are dead). */
export function killGroupOnHostExit(pid: number): () => void {
  installHook();
  leftoverGroups.add(pid);
  return () => leftoverGroups.delete(pid);
}

function killAllLiveChildren(): void {
  for (const child of liveChildren) signalPluginTree(child, 'SIGKILL');
  for (const pid of leftoverGroups) signalGroup(pid, 'SIGKILL');
}
