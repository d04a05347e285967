import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildElectronMain } from '../../../electron/main/build';
import { aesGcmImplementation } from '../../../electron/storage';
import { NATIVE_MODULE_FILE } from '../../../electron/storage/aes-gcm-native';

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

// The bundle looks for the AES-GCM module beside itself (dist/native), where `npm run build` puts
// it and electron-builder packs it.
test('the bundled main process finds the native AES-GCM module', { skip: aesGcmImplementation.name !== 'native' && 'native module not built' }, async () => {
  const mainFile = await buildElectronMain();
  const main = fs.readFileSync(mainFile, 'utf8');
  assert.ok(main.includes('../native/') && main.includes(NATIVE_MODULE_FILE));
  assert.ok(fs.existsSync(fileURLToPath(new URL(`../native/${NATIVE_MODULE_FILE}`, pathToFileURL(mainFile)))));
});
