import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testMount } from '@strongroom/plugin-sdk';
import { kvBackend } from '../../../../examples/ts/kv/backend';

describe('examples/ts/kv', () => {
  it('create, read, update, delete of value at <key>', async () => {
    const mount = await testMount(kvBackend);
    await mount.write('app/db', { value: 'one' });
    assert.deepEqual((await mount.request('read', 'app/db'))?.data, { value: 'one' });
    await mount.write('app/db', { value: 'two' });
    assert.deepEqual((await mount.request('read', 'app/db'))?.data, { value: 'two' });
    await mount.request('delete', 'app/db');
    assert.deepEqual((await mount.request('read', 'app/db'))?.data, { error: 'key not found' });
  });

  it('a missing key answers "key not found"', async () => {
    const mount = await testMount(kvBackend);
    assert.deepEqual((await mount.request('read', 'nope'))?.data, { error: 'key not found' });
  });

  it('lists keys and folders under a prefix', async () => {
    const mount = await testMount(kvBackend);
    await mount.write('a', { value: '1' });
    await mount.write('dir/b', { value: '2' });
    assert.deepEqual((await mount.request('list', ''))?.data, { keys: ['a', 'dir/'] });
    assert.deepEqual((await mount.request('list', 'dir/'))?.data, { keys: ['b'] });
  });

  it('creating without a value fails field validation', async () => {
    const mount = await testMount(kvBackend);
    assert.deepEqual((await mount.write('x', {}))?.data, { error: 'Field validation failed: missing required field(s): value' });
  });
});
