import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildElectronMain } from '../../../electron/main/build';

// The Electron binary cannot run here, so at least prove the shell bundles: every import resolves,
// electron stays external, and the preload is CommonJS (sandboxed preloads require it).
test('the Electron main process and preload bundle', async () => {
  const mainFile = await buildElectronMain();
  const main = fs.readFileSync(mainFile, 'utf8');
  assert.match(main, /from "electron"|from 'electron'/);
  assert.match(main, /contract:invoke/);
  assert.match(main, /dialog:pick-plugin-binary/);
  const preload = fs.readFileSync(mainFile.replace(/main\.mjs$/, 'preload.cjs'), 'utf8');
  assert.match(preload, /require\("electron"\)/);
  assert.match(preload, /exposeInMainWorld\("strongroom"/);
});
