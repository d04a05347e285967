/**
 * Plugin children must never outlive the host: Go plugins do not notice that their host died
 * and would keep running (and holding their socket) forever.
 *
 * Every live child is tracked here, and one process 'exit' hook SIGKILLs them all. That hook
 * runs on process.exit(), on a normal end of the event loop and after an uncaught exception.
 * It does NOT run when the host itself is killed by a signal it does not handle (SIGKILL, or
 * SIGTERM/SIGINT without a handler): the app shell must turn SIGTERM/SIGINT into process.exit()
 * (Electron's quit path does) for the guarantee to hold.
 */
import type { ChildProcess } from 'node:child_process';

const liveChildren = new Set<ChildProcess>();
let hookInstalled = false;

export function killOnHostExit(child: ChildProcess): void {
  if (!hookInstalled) {
    process.on('exit', killAllLiveChildren);
    hookInstalled = true;
  }
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

function killAllLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}
