/**
 * Rebuilds a TS plugin from its sources for development mode with the SDK's packager, run as a
 * separate long-lived Node process (`sdk/package-plugin-serve.ts`): the core does not import the
 * plugin SDK, and a warm esbuild context makes a rebuild after a save take tens of ms. The helper
 * runs from the Strongroom checkout (it needs `tsx`); `STRONGROOM_SDK_DIR` points at another SDK
 * folder. Started on the first build, ended with the core.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { checkSourceFolder } from './source-folder';

export type TsBuildResult = { ok: true; sha256: string; bytes: number } | { ok: false; output: string[] };

function sdkDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STRONGROOM_SDK_DIR !== undefined && env.STRONGROOM_SDK_DIR !== '') return env.STRONGROOM_SDK_DIR;
  return fileURLToPath(new URL('../../../sdk', import.meta.url));
}

export class TsPluginBuilder {
  private child: ChildProcessWithoutNullStreams | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (result: TsBuildResult) => void>();
  private stderr: string[] = [];

  /**
   * Packages `entry` into `outFile` (temp file + rename, mode 0755). A failed build answers its
   * esbuild errors. The source folder is checked again first (source-folder.ts): its owner or
   * mode may have changed since it was accepted; the build starts from main.ts's real path.
   */
  async build(entry: string, outFile: string): Promise<TsBuildResult> {
    let mainFile: string;
    try {
      mainFile = (await checkSourceFolder(dirname(entry))).mainFile;
    } catch (error) {
      return { ok: false, output: [(error as Error).message] };
    }
    const child = this.start();
    if (child === undefined) return { ok: false, output: [`The SDK's packager was not found in "${sdkDirectory()}": run Strongroom from its checkout, or set STRONGROOM_SDK_DIR to the SDK folder.`] };
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ id, entry: mainFile, out: outFile })}\n`);
    });
  }

  stop(): void {
    this.child?.stdin.end();
    this.child?.kill();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams | undefined {
    if (this.child !== undefined) return this.child;
    const script = join(sdkDirectory(), 'package-plugin-serve.ts');
    if (!existsSync(script)) return undefined;
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: dirname(sdkDirectory()),
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: child.stdout }).on('line', (line) => this.answer(line));
    createInterface({ input: child.stderr }).on('line', (line) => {
      this.stderr = [...this.stderr.slice(-49), line];
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const output = [`The SDK's packager exited (${signal ?? `status ${code}`}) during the build.`, ...this.stderr];
      for (const resolve of this.waiting.values()) resolve({ ok: false, output });
      this.waiting.clear();
    });
    this.child = child;
    return child;
  }

  private answer(line: string): void {
    let parsed: { id: number } & TsBuildResult;
    try {
      parsed = JSON.parse(line) as { id: number } & TsBuildResult;
    } catch {
      return;
    }
    const resolve = this.waiting.get(parsed.id);
    this.waiting.delete(parsed.id);
    resolve?.(parsed.ok ? { ok: true, sha256: parsed.sha256, bytes: parsed.bytes } : { ok: false, output: parsed.output });
  }
}
