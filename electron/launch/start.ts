/**
 * `npm start`: the Electron app when its binary is installed; otherwise (the binary cannot be
 * downloaded on some machines) one clear line saying so, then the headless mode.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHeadless } from './headless';
import { buildElectronMain } from '../main/build';
import { buildRenderer } from '../../renderer/build';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function findElectronBinary(): string | undefined {
  try {
    // The electron package exports the binary's path, and throws when the binary was never downloaded.
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' ? binary : undefined;
  } catch {
    return undefined;
  }
}

const electronBinary = findElectronBinary();
if (electronBinary === undefined) {
  console.log('Electron binary not installed (it could not be downloaded here); starting the headless mode instead.');
  await runHeadless();
} else {
  await buildRenderer();
  const mainFile = await buildElectronMain();
  const child = spawn(electronBinary, [mainFile], { stdio: 'inherit', cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
