import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildElectronMain } from '../../../electron/main/build';
import { aesGcmImplementation } from '../../../electron/storage';
import { NATIVE_MODULE_FILE } from '../../../electron/storage/aes-gcm-native';
import { readManifest } from '../../../electron/core/builtins/build';
import { BUILTIN_PLUGINS, defaultBuiltinsDirectory, MANIFEST_FILE, unpackedPath } from '../../../electron/core/builtins/builtin-plugins';

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

// The bundle looks for the built-in plugins beside itself too (dist/builtins); in a packaged app,
// beside the asar, where electron-builder unpacks them (a program inside the archive cannot run).
const builtinsBuilt = readManifest(defaultBuiltinsDirectory({})).plugins.length > 0;
test('the bundled main process finds the built-in plugins', { skip: !builtinsBuilt && 'built-in plugins not built' }, async () => {
  const mainFile = await buildElectronMain();
  const main = fs.readFileSync(mainFile, 'utf8');
  assert.ok(main.includes('"../builtins"'), 'the bundle resolves ../builtins from itself');
  const builtins = fileURLToPath(new URL('../builtins/', pathToFileURL(mainFile)));
  assert.ok(fs.existsSync(`${builtins}${MANIFEST_FILE}`));
  for (const plugin of BUILTIN_PLUGINS) assert.ok(fs.existsSync(`${builtins}${plugin.file}`), plugin.file);
  assert.equal(
    unpackedPath('/opt/Strongroom/resources/app.asar/dist/builtins'),
    '/opt/Strongroom/resources/app.asar.unpacked/dist/builtins',
  );
});
