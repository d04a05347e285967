/**
 * The app as a child process, for the app-kill test: opens the data directory in argv[2] with the
 * real core, starts every mount's plugin, prints `ready {pluginPids}`, then writes through the
 * contract (`requests.handle`) forever, printing `ack <mount> <key> <value>` only after a write's
 * reply came back. Stdout to a pipe is synchronous on Linux, so each printed line was acknowledged
 * before the next write started. The parent ends it with SIGKILL; with argv[4] = `exit-after=<n>`
 * it calls process.exit() itself after n writes, without closing anything (a crash path the host's
 * exit hook does see).
 */
import { APP_MOUNTS, openReadyApp, writeCall } from './app-driver';

const [dataDir, round, exitOption] = [process.argv[2] as string, process.argv[3] as string, process.argv[4]];
const exitAfter = exitOption?.startsWith('exit-after=') ? Number(exitOption.slice('exit-after='.length)) : Infinity;
const app = await openReadyApp(dataDir);
for (const mount of APP_MOUNTS) await app.call('requests.help', { path: mount });
const { processes } = await app.call<{ processes: Array<{ pid: number | null }> }>('plugins.status');
process.stdout.write(`ready ${JSON.stringify(processes.map((p) => p.pid).filter((pid) => pid !== null))}\n`);
for (let i = 0; i < exitAfter; i++) {
  const mount = APP_MOUNTS[i % APP_MOUNTS.length]!;
  const key = `r${round}-k${i}`;
  const value = `${key}-${Math.random().toString(36).slice(2)}`;
  await app.call('requests.handle', writeCall(mount, key, value));
  process.stdout.write(`ack ${mount} ${key} ${value}\n`);
}
process.exit(0);
