import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testMount } from '@strongroom/plugin-sdk';
import { helloBackend } from '../../../../examples/ts/hello/backend';

describe('examples/ts/hello', () => {
  it('answers "plugin is not configured yet" before config, for config and hello', async () => {
    const mount = await testMount(helloBackend);
    assert.deepEqual((await mount.request('read', 'config'))?.data, { error: 'plugin is not configured yet' });
    assert.deepEqual((await mount.request('read', 'hello/world'))?.data, { error: 'plugin is not configured yet' });
  });

  it('greets with the configured prefix', async () => {
    const mount = await testMount(helloBackend);
    await mount.write('config', { custom_prefix: 'hi ' });
    assert.deepEqual((await mount.request('read', 'config'))?.data, { custom_prefix: 'hi ' });
    assert.deepEqual((await mount.request('read', 'hello/world'))?.data, { message: 'hi world' });
  });

  it('config requires custom_prefix', async () => {
    const mount = await testMount(helloBackend);
    assert.deepEqual((await mount.write('config', {}))?.data, { error: 'Field validation failed: missing required field(s): custom_prefix' });
  });
});
