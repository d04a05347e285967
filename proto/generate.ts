// Regenerates the TypeScript protobuf code in plugin-host/gen and sdk/gen from the .proto files here
// (`npm run proto`). Uses the buf CLI and the ts-proto plugin from node_modules, so it works
// offline and gives the same bytes on every machine with the same lockfile.
//
//   tsx proto/generate.ts                  writes plugin-host/gen/ and sdk/gen/
//   tsx proto/generate.ts --out-base DIR   writes them under DIR/ (used by the up-to-date test)
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Must match the `out` entries in buf.gen.yaml: the host's copy and the SDK package's own.
const generatedDirs = [path.join('plugin-host', 'gen'), path.join('sdk', 'gen')];

function parseOutBase(argv: readonly string[]): string {
  const flagIndex = argv.indexOf('--out-base');
  if (flagIndex === -1) return repoRoot;
  const value = argv[flagIndex + 1];
  if (value === undefined) throw new Error('--out-base needs a directory, e.g. --out-base /tmp/gen');
  return path.resolve(value);
}

function generate(outBase: string): string[] {
  const buf = path.join(repoRoot, 'node_modules', '.bin', 'buf');
  const plugin = path.join(repoRoot, 'node_modules', '.bin', 'protoc-gen-ts_proto');
  for (const tool of [buf, plugin]) {
    if (!existsSync(tool)) throw new Error(`${tool} is missing: run npm install first`);
  }
  const targets = generatedDirs.map((dir) => path.join(outBase, dir));
  // Start from empty folders so a removed .proto file does not leave a stale module behind.
  for (const target of targets) rmSync(target, { recursive: true, force: true });
  execFileSync(buf, ['generate', 'proto', '--template', 'proto/buf.gen.yaml', '--output', outBase], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  return targets;
}

const written = generate(parseOutBase(process.argv.slice(2)));
console.log(`generated ${written.map((dir) => path.relative(process.cwd(), dir) || dir).join(', ')}`);
