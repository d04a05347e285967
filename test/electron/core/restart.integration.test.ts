/** Everything the core keeps survives closing the services and opening the data directory again. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, callError, openServices, PASSPHRASE, removeDir, servicesWithKv } from './core-helpers';
import { nextEvent } from '../../support/next-event';

test('mounts, catalog, data, settings and leases survive a restart; expiry timers are re-armed', async () => {
  const { services, dataDir } = await servicesWithKv();
  try {
    await call(services, 'plugins.register', { name: 'custom', command: 'strongroom-custom', version: '0.1.0' });
    await call(services, 'mounts.enable', { path: 'apps/custom', type: 'custom', description: 'fixture', defaultLeaseTtl: 120 });
    await call(services, 'mounts.enable', { path: 'leased', type: 'kv', options: { version: '1', leased_passthrough: 'true' } });
    await call(services, 'requests.handle', { path: 'secret/data/app', operation: 'write', data: { data: { password: 'kept' } } });
    await call(services, 'requests.handle', { path: 'apps/custom/config', operation: 'write', data: { custom_prefix: 'Hi, ' } });
    await call(services, 'requests.handle', { path: 'leased/soon', operation: 'write', data: { ttl: '3s', v: '1' } });
    await call(services, 'requests.handle', { path: 'leased/later', operation: 'write', data: { ttl: '1h', v: '1' } });
    const soon = (await call(services, 'requests.handle', { path: 'leased/soon', operation: 'read' })).secret?.leaseId as string;
    const later = (await call(services, 'requests.handle', { path: 'leased/later', operation: 'read' })).secret?.leaseId as string;
    const mountsBefore = (await call(services, 'mounts.list', {})).mounts;
    const pluginsBefore = (await call(services, 'plugins.list', {})).plugins;
    await services.close();

    const reopened = await openServices(dataDir);
    try {
      assert.equal((await callError(reopened, 'mounts.list', {})).code, 'sealed', 'a restart starts sealed');
      const expired = nextEvent(reopened.events, 'leases.expired', () => true, 30_000);
      await call(reopened, 'seal.unseal', { passphrase: PASSPHRASE });
      assert.deepEqual((await call(reopened, 'mounts.list', {})).mounts, mountsBefore);
      assert.deepEqual((await call(reopened, 'plugins.list', {})).plugins, pluginsBefore);
      const app = await call(reopened, 'requests.handle', { path: 'secret/data/app', operation: 'read' });
      assert.deepEqual((app.data as { data: unknown }).data, { password: 'kept' });
      const hello = await call(reopened, 'requests.handle', { path: 'apps/custom/hello/ann', operation: 'read' });
      assert.equal((hello.data as { message: string }).message, 'Hi, ann');
      assert.equal((await call(reopened, 'leases.lookup', { leaseId: later })).leaseId, later);
      const event = await expired;
      assert.equal(event.leaseId, soon);
      assert.equal(event.revoked, true);
      assert.equal((await callError(reopened, 'leases.lookup', { leaseId: soon })).code, 'lease_not_found');
    } finally {
      await reopened.close();
    }
  } finally {
    await services.close();
    removeDir(dataDir);
  }
});
