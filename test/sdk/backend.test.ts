// The framework behaviour of defineBackend, in-process: routing, validation before handlers,
// unknown-field warnings, error kinds, existence checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineBackend, PluginError, permissionDenied, testMount } from '../../sdk';

const backend = defineBackend({
  help: 'test backend',
  paths: [
    {
      pattern: 'items/{id}',
      fields: { count: { type: 'int', required: true }, id: { type: 'nameString' } },
      existenceCheck: async (_req, { storage, data }) => (await storage.get(`items/${data.get<string>('id')}`)) !== undefined,
      operations: {
        create: { handler: async (_req, { storage, data }) => void (await storage.putJSON(`items/${data.get('id')}`, { count: data.get('count') })) },
        update: { handler: async (_req, { storage, data }) => void (await storage.putJSON(`items/${data.get('id')}`, { count: data.get('count') })) },
        read: { handler: async (_req, { storage, data }) => ({ data: (await storage.getJSON(`items/${data.get('id')}`)) ?? {} }) },
      },
    },
    { pattern: 'secret', operations: { read: { handler: () => { throw permissionDenied(); } } } },
    { pattern: 'broken', operations: { read: { handler: () => { throw new Error('disk on fire'); } } } },
  ],
});

describe('defineBackend', () => {
  it('routes, coerces captures and body, and answers', async () => {
    const mount = await testMount(backend);
    await mount.write('items/a', { count: '3' });
    assert.deepEqual((await mount.request('read', 'items/a'))?.data, { count: 3 });
  });

  it('existence check turns the first write into create, the next into update', async () => {
    const mount = await testMount(backend);
    const probe = { id: '', operation: 'update', path: 'items/b', data: {}, mountPoint: '', mountType: '', mountAccessor: '', displayName: '', entityId: '', unauthenticated: false, headers: {} };
    assert.deepEqual(await backend.existenceCheck(probe, mount.env), [true, false]);
    await mount.write('items/b', { count: 1 });
    assert.deepEqual(await backend.existenceCheck(probe, mount.env), [true, true]);
  });

  it('field validation fails before the handler with an error response', async () => {
    const mount = await testMount(backend);
    assert.deepEqual((await mount.request('update', 'items/c', { count: 'many' }))?.data, {
      error: 'Field validation failed: error converting input for field "count": cannot parse \'many\' as int',
    });
    assert.deepEqual((await mount.request('create', 'items/c', {}))?.data, { error: 'Field validation failed: missing required field(s): count' });
    // The existence check validates too, and answers a user error, as Vault's framework does.
    await assert.rejects(mount.write('items/c', { count: 'many' }), (e: unknown) => e instanceof PluginError && e.kind === 'user');
  });

  it('unknown fields are answered with a warning', async () => {
    const mount = await testMount(backend);
    await mount.write('items/d', { count: 1 });
    const response = await mount.request('read', 'items/d', { colour: 'red', size: 2 });
    assert.deepEqual(response?.warnings, ['Endpoint ignored these unrecognized parameters: [colour size]']);
  });

  it('unknown path and unsupported operation are typed errors', async () => {
    const mount = await testMount(backend);
    await assert.rejects(mount.request('read', 'nowhere'), (e: unknown) => e instanceof PluginError && e.kind === 'unsupportedPath');
    await assert.rejects(mount.request('delete', 'items/a'), (e: unknown) => e instanceof PluginError && e.kind === 'unsupportedOperation');
  });

  it('handler errors keep their kind; plain errors stay plain', async () => {
    const mount = await testMount(backend);
    await assert.rejects(mount.request('read', 'secret'), (e: unknown) => e instanceof PluginError && e.kind === 'permissionDenied');
    await assert.rejects(mount.request('read', 'broken'), /disk on fire/);
  });

  it('help on a path without a help handler answers path help', async () => {
    const mount = await testMount(backend);
    const help = (await mount.request('help', 'items/x'))?.data as { help: string };
    assert.match(help.help, /^Request: {8}items\/x\nMatching Route: \^items\/\(\?P<id>/);
    assert.match(help.help, /\n {4}count \(int\)\n/);
  });

  it('rollback runs the periodic function, and answers nothing', async () => {
    let runs = 0;
    const periodic = defineBackend({ help: 'periodic', paths: [], periodic: async ({ storage }) => void (await storage.putJSON('runs', ++runs)) });
    const mount = await testMount(periodic);
    assert.equal(await mount.request('rollback', ''), undefined);
    assert.equal(await mount.request('rollback', ''), undefined);
    assert.equal(await mount.env.storage.getJSON('runs'), 2);
    assert.equal(await (await testMount(backend)).request('rollback', ''), undefined, 'no periodic function: nothing to do');
  });
});
