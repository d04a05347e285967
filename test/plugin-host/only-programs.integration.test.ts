import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryCatalogStore, PluginCatalog, type CatalogEntry } from '../../plugin-host/catalog/catalog';
import { DEFAULT_LIMITS } from '../../plugin-host/catalog/limits';
import { isHostError } from '../../plugin-host/errors';
import { PluginSupervisor } from '../../plugin-host/supervisor/supervisor';
import { writeShellTextFile, writeWrongArchBinary } from '../fixtures/plugins/foreign-files';
import { MemoryStorage } from '../support/memory-storage';

// Entries as an older Strongroom (which did not check formats) would have stored them: the catalog
// loads them, so only the check before every start stands between them and /bin/sh.
let work = '';
let marker = '';
let supervisor: PluginSupervisor;

async function storedEntry(name: string, command: string): Promise<CatalogEntry> {
  const sha256 = createHash('sha256').update(await readFile(join(work, command))).digest('hex');
  return { type: 'secret', name, version: '', command, args: [], env: {}, sha256, ...DEFAULT_LIMITS };
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sr-programs-'));
  marker = join(work, 'the-shell-ran-me');
  await writeShellTextFile(join(work, 'text-plugin'), marker);
  await writeWrongArchBinary(join(work, 'foreign-plugin'));
  const store = new InMemoryCatalogStore();
  store.save(await storedEntry('text', 'text-plugin'));
  store.save(await storedEntry('foreign', 'foreign-plugin'));
  supervisor = new PluginSupervisor({ catalog: new PluginCatalog({ pluginDirectory: work, store }), socketRoot: work });
  await supervisor.ready();
});

after(async () => {
  await supervisor.stop();
  await rm(work, { recursive: true, force: true });
});

for (const [plugin, message] of [
  ['text', /text file without a "#!" first line, so it would be run as shell commands/],
  ['foreign', /It is built for \w+ \(ELF [\w-]+ 64-bit\); this machine is Linux [\w-]+: rebuild it with GOARCH=\w+\./],
] as const) {
  test(`a ${plugin} file in the catalog is never started: plugin_binary_wrong_format, and no shell ran it`, async () => {
    supervisor.addMount({ id: plugin, path: plugin, pluginType: 'secret', pluginName: plugin, storage: new MemoryStorage() });
    await assert.rejects(supervisor.request(plugin, { operation: 'read', path: 'x' }), (error: unknown) => {
      assert.ok(isHostError(error), String(error));
      assert.equal(error.code, 'plugin_binary_wrong_format', error.message);
      assert.match(error.message, message);
      return true;
    });
    assert.equal(supervisor.mountStatus(plugin)?.lastError?.code, 'plugin_binary_wrong_format');
    assert.equal(existsSync(marker), false, 'the text file was not run by /bin/sh');
  });
}
