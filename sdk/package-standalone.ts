/**
 * A plugin as a Node single executable application (SEA): a copy of a Node binary with the
 * plugin's bundle injected, so it runs where there is no Node, as on most Vault/OpenBao servers.
 * Node's recipe: `node --experimental-sea-config` turns the bundle into a blob, and `postject`
 * writes the blob into the copy as the `NODE_SEA_BLOB` section and flips Node's SEA fuse.
 *
 * The same source and the same Node binary give the same bytes (no code cache, no snapshot), so
 * the sha256 to register is stable; another Node build gives another sha256. Only ELF (Linux)
 * Node binaries are handled: macOS and Windows need signing steps this does not do.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundlePlugin, publishExecutable, sha256File, temporaryBeside, type PackagedPlugin } from './plugin-bundle';

const run = promisify(execFile);
/** The fuse Node's binary carries; `:0` until a blob is injected (Node's `src/node_sea.cc`). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/*
 * The SDK's own engines floor. The SEA config keys used arrived by then (`useSnapshot` and
 * `useCodeCache` in 20.6; early 20.x ignored `disableExperimentalSEAWarning`, nodejs/node#50547).
 * Tested with 20.20.2.
 */
const MINIMUM_NODE: readonly [number, number] = [20, 11];
const SEA_GUIDE = 'https://nodejs.org/api/single-executable-applications.html';

/** A standalone build that cannot be made here; the message says what to change. */
export class StandaloneBuildError extends Error {}

export interface StandaloneOptions {
  /** The Node binary to embed, which also makes the blob (default: the one running the build). */
  node?: string;
}

/** Builds `entry` into `outFile`, a standalone executable (mode 755, written atomically). */
export async function packageStandalone(entry: string, outFile: string, options: StandaloneOptions = {}): Promise<PackagedPlugin> {
  const node = path.resolve(options.node ?? process.execPath);
  await checkNode(node);
  const code = await bundlePlugin(entry);
  const work = await mkdtemp(path.join(tmpdir(), 'strongroom-sea-'));
  const temporary = temporaryBeside(outFile);
  try {
    const blob = await makeBlob(node, code, work);
    await mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
    await copyFile(node, temporary);
    await inject(temporary, blob);
    await publishExecutable(temporary, outFile);
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(temporary, { force: true });
  }
  const file = path.resolve(outFile);
  return { file, sha256: await sha256File(file), bytes: (await stat(file)).size };
}

/** Refuses a Node binary that cannot become a SEA, saying which one to use instead. */
async function checkNode(node: string): Promise<void> {
  const binary = await readFile(node).catch((error: Error) => {
    throw new StandaloneBuildError(`cannot read the Node binary ${node} (${error.message}); pass --node <path of a Node ${MINIMUM_NODE.join('.')}+ binary>`);
  });
  if (binary.subarray(0, 4).toString('latin1') !== '\x7fELF') {
    throw new StandaloneBuildError(`${node} is not a Linux (ELF) executable; standalone builds are made for Linux here. For macOS or Windows follow ${SEA_GUIDE} (it adds code signing steps)`);
  }
  const fuse = binary.indexOf(SEA_FUSE);
  if (fuse === -1) {
    throw new StandaloneBuildError(
      `${node} is not a Node binary with single executable application support (distribution packages that link a shared libnode have none); ` +
        'pass --node <path of an official Node binary from https://nodejs.org/en/download>',
    );
  }
  if (binary[fuse + SEA_FUSE.length + 1] === '1'.charCodeAt(0)) {
    throw new StandaloneBuildError(`${node} is itself a single executable application; pass --node <path of a plain Node binary>`);
  }
  const { stdout } = await run(node, ['--version']);
  const [, major = 0, minor = 0] = (/^v(\d+)\.(\d+)\./.exec(stdout.trim()) ?? []).map(Number);
  if (major < MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor < MINIMUM_NODE[1])) {
    throw new StandaloneBuildError(`${node} is Node ${stdout.trim()}; a standalone build needs Node ${MINIMUM_NODE.join('.')} or later: pass --node <path of a newer Node binary>`);
  }
}

/** `node --experimental-sea-config` with the same Node as the one embedded (the blob format is per version). */
async function makeBlob(node: string, code: Uint8Array, work: string): Promise<string> {
  await writeFile(path.join(work, 'plugin.cjs'), code);
  // Names relative to the work folder, whose path would otherwise end up in the blob. No code
  // cache or snapshot: they would tie the bytes to V8's state at build time.
  const config = { main: 'plugin.cjs', output: 'plugin.blob', disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false };
  await writeFile(path.join(work, 'sea-config.json'), JSON.stringify(config));
  await run(node, ['--experimental-sea-config', 'sea-config.json'], { cwd: work }).catch((error: Error & { stderr?: string }) => {
    throw new StandaloneBuildError(`${node} --experimental-sea-config failed: ${error.stderr ?? error.message}`);
  });
  return path.join(work, 'plugin.blob');
}

/*
 * postject runs in a child process: its WebAssembly module installs process-wide
 * uncaughtException/unhandledRejection handlers that rethrow, which must not land in a
 * long-lived process that builds plugins (a host watching a plugin's sources).
 */
async function inject(executable: string, blob: string): Promise<void> {
  let cli: string;
  try {
    cli = createRequire(import.meta.url).resolve('postject/dist/cli.js');
  } catch {
    throw new StandaloneBuildError('postject is not installed (a dependency of @strongroom/plugin-sdk): run npm install');
  }
  await run(process.execPath, [cli, executable, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], { maxBuffer: 16 << 20 }).catch(
    (error: Error & { stdout?: string; stderr?: string }) => {
      throw new StandaloneBuildError(`postject could not inject the plugin into ${executable}: ${error.stdout ?? ''}${error.stderr ?? error.message}`);
    },
  );
}
