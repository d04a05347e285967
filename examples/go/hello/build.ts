// Builds the Go hello plugin into bin/strongroom-hello-go (git-ignored) with the Go toolchain
// and prints its sha256: `npx tsx examples/go/hello/build.ts`. Needs Go 1.25+ and the module proxy
// (or a warm module cache).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
export const pluginFile = path.join(here, 'bin', 'strongroom-hello-go');

export async function buildPlugin(): Promise<{ file: string; sha256: string }> {
  await promisify(execFile)('go', ['build', '-buildvcs=false', '-trimpath', '-o', pluginFile, '.'], { cwd: here }).catch(
    (error: { stderr?: string; message: string }) => {
      throw new Error(`go build of examples/go/hello failed: ${error.stderr?.trim() || error.message}`);
    },
  );
  return { file: pluginFile, sha256: createHash('sha256').update(await readFile(pluginFile)).digest('hex') };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildPlugin();
  console.log(`${built.file}\nsha256 ${built.sha256}`);
}
