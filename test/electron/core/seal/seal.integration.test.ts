import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { contractMethods, methodsAllowedWhileSealed, type MethodName } from '../../../../electron/common/contract';
import { call, callError, openServices, PASSPHRASE, removeDir, servicesWithKv } from '../core-helpers';

describe('seal, unseal and the sealed gate', () => {
  let services: AppServices;
  let dataDir: string;

  before(async () => {
    ({ services, dataDir } = await servicesWithKv());
    await call(services, 'requests.handle', { path: 'secret/data/app', operation: 'write', data: { data: { k: 'v' } } });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('a fresh data directory is uninitialised and every domain method says so', async () => {
    const fresh = path.join(dataDir, 'fresh');
    const other = await openServices(fresh);
    try {
      assert.deepEqual(await call(other, 'seal.status', {}), { initialized: false, sealed: true });
      assert.equal((await callError(other, 'mounts.list', {})).code, 'not_initialized');
      assert.equal((await callError(other, 'seal.unseal', { passphrase: PASSPHRASE })).code, 'not_initialized');
    } finally {
      await other.close();
    }
  });

  test('sealing stops the plugins and every method but app.* and seal.* answers sealed', async () => {
    const { processes } = await call(services, 'plugins.status', {});
    const pid = processes[0]?.pid;
    assert.ok(typeof pid === 'number');
    const status = await call(services, 'seal.seal', {});
    assert.deepEqual(status, { initialized: true, sealed: true });
    assert.throws(() => process.kill(pid, 0), 'the plugin process is gone');
    // Valid arguments for every gated method; the table must name each one.
    const probes: Record<string, unknown> = {
      'settings.get': {},
      'settings.setPluginDirectory': { path: dataDir },
      'plugins.register': { name: 'x', command: 'x' },
      'plugins.tune': { name: 'x', memoryLimitMiB: 64 },
      'plugins.list': {},
      'plugins.remove': { name: 'kv' },
      'plugins.status': {},
      'plugins.reload': { plugin: 'kv' },
      'plugins.setDevelopment': { name: 'kv', enabled: true },
      'plugins.repinPreview': { name: 'kv' },
      'plugins.repin': { name: 'kv' },
      'plugins.undoRepin': { name: 'kv', undoToken: 't' },
      'plugins.hashFile': { path: '/etc/hostname' },
      'plugins.directory': {},
      'plugins.logs': {},
      'plugins.inspectFile': { path: '/etc/hostname' },
      'plugins.install': { path: '/etc/hostname', name: 'x' },
      'mounts.enable': { path: 'x', type: 'kv' },
      'mounts.disable': { path: 'secret' },
      'mounts.tune': { path: 'secret' },
      'mounts.move': { from: 'secret', to: 'y' },
      'mounts.list': {},
      'requests.handle': { path: 'secret/data/app', operation: 'read' },
      'requests.help': { path: 'secret/' },
      'leases.list': {},
      'leases.lookup': { leaseId: 'a/b' },
      'leases.renew': { leaseId: 'a/b' },
      'leases.revoke': { leaseId: 'a/b' },
      'leases.revokePrefix': { prefix: 'a/' },
      'audit.list': {},
      'audit.hash': { value: 'v' },
      'seal.rotate': {},
      'seal.changePassphrase': { current: PASSPHRASE, next: 'another long passphrase' },
      'tokens.rotateRoot': {},
      'tokens.list': {},
      'tokens.revoke': { accessor: 'a', mode: 'tree' },
      'policies.check': { policy: '' },
      'storage.list': { mount: 'secret/' },
      'storage.read': { mount: 'secret/', key: 'k' },
      'storage.capture': { mount: 'secret/', enabled: true },
      'storage.captureState': { mount: 'secret/' },
      'storage.diff': { requestId: 'r' },
      'storage.diffValue': { requestId: 'r', key: 'k' },
    };
    const gated = (Object.keys(contractMethods) as MethodName[]).filter((method) => !methodsAllowedWhileSealed.includes(method));
    assert.deepEqual(gated.sort(), Object.keys(probes).sort(), 'every gated method has a probe');
    for (const method of gated) {
      assert.equal((await callError(services, method, probes[method])).code, 'sealed', method);
    }
    const sys = await callError(services, 'requests.handle', { path: 'sys/seal-status', operation: 'read' });
    assert.equal(sys.code, 'sealed');
    assert.equal((await call(services, 'app.info', {})).name, 'Strongroom');
  });

  test('a wrong passphrase is refused and changes nothing on disk', async () => {
    const file = path.join(dataDir, 'strongroom.db');
    const before = fs.readFileSync(file);
    const error = await callError(services, 'seal.unseal', { passphrase: 'not the passphrase at all' });
    assert.equal(error.code, 'wrong_passphrase');
    assert.deepEqual(await call(services, 'seal.status', {}), { initialized: true, sealed: true });
    assert.ok(fs.readFileSync(file).equals(before), 'the database file is unchanged');
    assert.equal((await callError(services, 'mounts.list', {})).code, 'sealed');
  });

  test('the right passphrase brings everything back; the plugin restarts on demand', async () => {
    const status = await call(services, 'seal.unseal', { passphrase: PASSPHRASE });
    assert.equal(status.sealed, false);
    const read = await call(services, 'requests.handle', { path: 'secret/data/app', operation: 'read' });
    assert.deepEqual((read.data as { data: unknown }).data, { k: 'v' });
  });

  test('seal.changed events follow the state', async () => {
    const seen: boolean[] = [];
    const off = services.events.subscribe((event, payload) => {
      if (event === 'seal.changed') seen.push((payload as { sealed: boolean }).sealed);
    });
    await call(services, 'seal.seal', {});
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });
    off();
    assert.deepEqual(seen, [true, false]);
  });

  test('init twice is refused', async () => {
    assert.equal((await callError(services, 'seal.init', { passphrase: PASSPHRASE })).code, 'already_initialized');
  });

  test('rotation: new writes use a new key term, everything older stays readable across seal/unseal', async () => {
    const before = await call(services, 'seal.status', {});
    assert.equal(before.activeKeyTerm, 1);
    const rotated = await call(services, 'seal.rotate', {});
    assert.equal(rotated.activeKeyTerm, 2);
    assert.ok(Date.parse(rotated.activeKeyInstalledAt ?? '') > Date.parse(before.activeKeyInstalledAt ?? ''));
    await call(services, 'requests.handle', { path: 'secret/data/after-rotation', operation: 'write', data: { data: { k: 'new' } } });
    // Vault's own paths do the same through the router.
    const viaSys = await call(services, 'requests.handle', { path: 'sys/rotate', operation: 'update' });
    assert.equal(viaSys.status, 204, 'Vault answers a rotation with no content');
    const keyStatus = await call(services, 'requests.handle', { path: 'sys/key-status', operation: 'read' });
    assert.equal((keyStatus.data as { term: number }).term, 3);
    await call(services, 'seal.seal', {});
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });
    assert.equal((await call(services, 'seal.status', {})).activeKeyTerm, 3);
    for (const [secret, value] of [['app', 'v'], ['after-rotation', 'new']] as const) {
      const read = await call(services, 'requests.handle', { path: `secret/data/${secret}`, operation: 'read' });
      assert.deepEqual((read.data as { data: unknown }).data, { k: value }, secret);
    }
    const audited = (await call(services, 'audit.list', { path: 'sys/rotate', limit: 10 })).entries.filter((entry) => entry.kind === 'response');
    assert.equal(audited.length, 2, 'the contract call and the sys/ request are both audited');
  });

  test('changing the passphrase: a wrong current one or a weak new one changes nothing; then only the new one unseals', async () => {
    const next = 'a different and longer passphrase';
    assert.equal((await callError(services, 'seal.changePassphrase', { current: 'not the passphrase', next })).code, 'wrong_passphrase');
    assert.equal((await callError(services, 'seal.changePassphrase', { current: PASSPHRASE, next: 'short' })).code, 'weak_passphrase');
    await call(services, 'seal.seal', {});
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE }); // still the old one
    await call(services, 'seal.changePassphrase', { current: PASSPHRASE, next });
    await call(services, 'seal.seal', {});
    assert.equal((await callError(services, 'seal.unseal', { passphrase: PASSPHRASE })).code, 'wrong_passphrase');
    await call(services, 'seal.unseal', { passphrase: next });
    const read = await call(services, 'requests.handle', { path: 'secret/data/app', operation: 'read' });
    assert.deepEqual((read.data as { data: unknown }).data, { k: 'v' });
    const rekeys = (await call(services, 'audit.list', { path: 'sys/rekey', limit: 10 })).entries;
    assert.deepEqual(rekeys.filter((entry) => entry.kind === 'request').map((entry) => entry.data), [{ data: null }, { data: null }, { data: null }], 'audited, without either passphrase');
    assert.deepEqual(rekeys.filter((entry) => entry.kind === 'response').map((entry) => entry.error?.code ?? 'ok'), ['ok', 'weak_passphrase', 'wrong_passphrase']);
    // Put the passphrase back for any later test.
    await call(services, 'seal.changePassphrase', { current: next, next: PASSPHRASE });
  });
});
