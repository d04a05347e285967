/**
 * `npm test`: typecheck, lint (layer rules included), then the unit, integration, e2e and bounded
 * reliability tests with Node's test runner. `npm test -- <suite>` (or test:unit, test:e2e, …)
 * runs one suite. Ends with one line `N passed, N failed` summing every step.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBuiltins } from '../electron/core/builtins/build';
import { buildNativeAead } from '../electron/storage/native-aead/build';
import { clearReliabilityFigures, reliabilitySummary } from './reliability/summary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

type Suite = 'typecheck' | 'lint' | 'unit' | 'integration' | 'e2e' | 'reliability';
const ALL: Suite[] = ['typecheck', 'lint', 'unit', 'integration', 'e2e', 'reliability'];

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'bin') out.push(...testFiles(full));
    } else if (entry.name.endsWith('.test.ts')) {
      out.push(full);
    }
  }
  return out.sort();
}

function filesFor(suite: Suite): string[] {
  const all = testFiles(path.join(root, 'test'));
  const kind = (f: string): Suite =>
    f.endsWith('.e2e.test.ts') ? 'e2e' : f.endsWith('.reliability.test.ts') ? 'reliability' : f.endsWith('.integration.test.ts') ? 'integration' : 'unit';
  return all.filter((f) => kind(f) === suite);
}

/** Runs a command, streaming its output, and returns its exit code and everything it printed. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
      process.stderr.write(d);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/**
 * The whole tree, then the Electron shell files when the optional electron package (their types)
 * is installed: `npm install` drops it where the binary cannot be downloaded.
 */
async function typecheck(): Promise<{ code: number }> {
  const tree = await run(bin('tsc'), ['-p', 'tsconfig.json']);
  if (tree.code !== 0) return tree;
  if (!fs.existsSync(path.join(root, 'node_modules', 'electron', 'package.json'))) {
    console.log('electron/main/ not typechecked: the optional electron package is not installed. Install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install to check it.');
    return tree;
  }
  return run(bin('tsc'), ['-p', 'electron/main/tsconfig.json']);
}

function countFromSummary(output: string): { passed: number; failed: number } {
  const pick = (label: string) => {
    const matches = [...output.matchAll(new RegExp(`^ℹ ${label} (\\d+)$`, 'gm'))];
    return matches.reduce((sum, m) => sum + Number(m[1]), 0);
  };
  return { passed: pick('pass'), failed: pick('fail') + pick('cancelled') };
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2) as Suite[];
  const unknown = requested.filter((s) => !ALL.includes(s));
  if (unknown.length > 0) {
    console.error(`Unknown suite(s): ${unknown.join(', ')}. Choose from: ${ALL.join(', ')}.`);
    return 2;
  }
  const suites = requested.length > 0 ? requested : ALL;
  if (suites.some((suite) => suite !== 'typecheck' && suite !== 'lint')) {
    // The tests load the AES-GCM module: rebuild it if its Rust sources changed (a no-op otherwise).
    const native = buildNativeAead();
    if (!native.built) console.log(`note: the native AES-GCM module was not built: ${native.problem}; tests run on node:crypto.`);
    // The built-in KV plugin: a hash when current, else a Go build (its tests skip without it).
    for (const builtin of buildBuiltins()) if (builtin.outcome === 'failed') console.log(`note: ${builtin.problem}.`);
  }
  let passed = 0;
  let failed = 0;
  let reliabilityLine: string | undefined;
  const failedSteps: string[] = [];
  for (const suite of suites) {
    console.log(`\n=== ${suite} ===`);
    const started = Date.now();
    if (suite === 'typecheck' || suite === 'lint') {
      const { code } = suite === 'typecheck' ? await typecheck() : await run(bin('eslint'), ['--max-warnings', '0', '.']);
      if (code === 0) passed += 1;
      else {
        failed += 1;
        failedSteps.push(suite);
      }
    } else {
      const files = filesFor(suite);
      if (files.length === 0) {
        console.log(`(no ${suite} tests)`);
        continue;
      }
      const env: NodeJS.ProcessEnv = suite === 'reliability' && requested.length === 0 ? { STRONGROOM_RELIABILITY: 'bounded' } : {};
      if (suite === 'reliability') clearReliabilityFigures();
      const { code, output } = await run(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=600000', '--test-concurrency=1', ...files],
        env,
      );
      const counts = countFromSummary(output);
      passed += counts.passed;
      failed += counts.failed;
      if (code !== 0 && counts.failed === 0) {
        failed += 1; // the runner itself failed (e.g. a file that does not load)
      }
      if (code !== 0) failedSteps.push(suite);
      if (suite === 'reliability') reliabilityLine = JSON.stringify(reliabilitySummary());
    }
    console.log(`--- ${suite}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (failedSteps.length > 0) console.log(`\nFailed: ${failedSteps.join(', ')}`);
  if (reliabilityLine !== undefined) console.log(`reliability figures: ${reliabilityLine}`);
  console.log(`${passed} passed, ${failed} failed`);
  // `npm run test:reliability` alone: the suite's figures are its last line.
  if (reliabilityLine !== undefined && suites.length === 1) console.log(reliabilityLine);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
