/**
 * `npm run bench -- <suite>`: runs one benchmark suite (a `bench/<suite>.ts` module exporting
 * `run(): Promise<Record<string, number | string>>`), writes its figures to
 * `bench/results/<suite>.json` and prints them as one JSON line, last.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export type BenchFigures = Record<string, number | string | boolean>;

function suites(): string[] {
  return fs
    .readdirSync(here)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -3))
    .sort();
}

async function main(): Promise<number> {
  const suite = process.argv[2];
  const known = suites();
  if (suite === undefined || !known.includes(suite)) {
    console.error(`Usage: npm run bench -- <suite>. Suites: ${known.join(', ')}.`);
    return 2;
  }
  const mod = (await import(pathToFileURL(path.join(here, `${suite}.ts`)).href)) as { run?: () => Promise<BenchFigures> };
  if (typeof mod.run !== 'function') {
    console.error(`bench/${suite}.ts does not export run().`);
    return 2;
  }
  const figures = await mod.run();
  const results = path.join(here, 'results');
  fs.mkdirSync(results, { recursive: true });
  const line = JSON.stringify({ suite, at: new Date().toISOString(), ...figures });
  fs.writeFileSync(path.join(results, `${suite}.json`), line + '\n');
  console.log(line);
  return 0;
}

process.exitCode = await main();
