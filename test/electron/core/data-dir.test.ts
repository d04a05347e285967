import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveDataDir } from '../../../electron/core/data-dir';

test('STRONGROOM_DATA_DIR wins and is made absolute', () => {
  assert.equal(resolveDataDir({ STRONGROOM_DATA_DIR: 'rel/dir' }, 'linux'), path.resolve('rel/dir'));
});

test('Linux defaults to XDG config home', () => {
  assert.equal(resolveDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux'), '/x/cfg/Strongroom');
});

test('Windows defaults to APPDATA', () => {
  assert.equal(resolveDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32'), path.join('C:/Users/u/AppData/Roaming', 'Strongroom'));
});

test('macOS defaults to Application Support', () => {
  assert.match(resolveDataDir({}, 'darwin'), /Library\/Application Support\/Strongroom$/);
});
