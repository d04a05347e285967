/**
 * Where the API listens: STRONGROOM_API_ADDR's grammar (loopback only), the default moving on from a
 * taken port (and saying so), an explicit taken port refused naming the setting, `app.info`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AppServices } from '../../../electron/core/app-services';
import { apiListenAddress, startVaultApi, vaultApiLine } from '../../../electron/vault-api';
import { call, openServices, removeDir, tempDataDir } from '../core/core-helpers';

test('STRONGROOM_API_ADDR: loopback names with a port are taken, anything else refused naming the setting', () => {
  assert.deepEqual(apiListenAddress({}), { host: '127.0.0.1', port: 8200, fallBack: true });
  assert.deepEqual(apiListenAddress({ STRONGROOM_API_ADDR: '127.0.0.1:0' }), { host: '127.0.0.1', port: 0, fallBack: false });
  assert.deepEqual(apiListenAddress({ STRONGROOM_API_ADDR: 'localhost:8300' }), { host: '127.0.0.1', port: 8300, fallBack: false });
  assert.deepEqual(apiListenAddress({ STRONGROOM_API_ADDR: '[::1]:8300' }), { host: '::1', port: 8300, fallBack: false });
  for (const value of ['0.0.0.0:8200', '192.168.1.2:8200', '[::]:8200', 'example.com:8200', '127.0.0.1', '127.0.0.1:99999', ':8200']) {
    assert.throws(
      () => apiListenAddress({ STRONGROOM_API_ADDR: value }),
      (error: { code?: string; message?: string }) => error.code === 'invalid_api_address' && /STRONGROOM_API_ADDR/.test(error.message ?? '') && /loopback/.test(error.message ?? ''),
      value,
    );
  }
});

describe('listening', () => {
  let services: AppServices;
  let dataDir: string;
  let blocker: net.Server;
  let takenPort: number;

  before(async () => {
    dataDir = tempDataDir();
    services = await openServices(dataDir);
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    takenPort = (blocker.address() as net.AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    await services.close();
    removeDir(dataDir);
  });

  test('the default moves on from a taken port and says so; app.info shows the address', async () => {
    const api = await startVaultApi({ api: services.vaultApi, address: { host: '127.0.0.1', port: takenPort, fallBack: true } });
    try {
      assert.notEqual(api.port, takenPort);
      assert.equal(api.portTaken, takenPort);
      assert.equal(vaultApiLine(api), `Vault API: http://127.0.0.1:${api.port} (port ${takenPort} was taken)`);
      assert.equal((await call(services, 'app.info', {})).vaultApiAddress, `http://127.0.0.1:${api.port}`);
      assert.equal((await fetch(`${api.url}/v1/sys/health`)).status, 501, 'served while uninitialised');
    } finally {
      await api.close();
    }
  });

  test('an explicit port that is taken is refused, naming the setting', async () => {
    await assert.rejects(
      startVaultApi({ api: services.vaultApi, address: { host: '127.0.0.1', port: takenPort, fallBack: false } }),
      (error: { code?: string; message?: string }) => error.code === 'api_address_in_use' && /STRONGROOM_API_ADDR/.test(error.message ?? ''),
    );
  });

  test("the app's own token store decides: a wrong token is 403, the root token from init is served", async () => {
    const api = await startVaultApi({ api: services.vaultApi, address: { host: '127.0.0.1', port: 0, fallBack: false } });
    try {
      assert.equal(vaultApiLine(api), `Vault API: http://127.0.0.1:${api.port}`);
      const { rootToken } = await call(services, 'seal.init', { passphrase: 'correct horse battery staple' });
      const reply = await fetch(`${api.url}/v1/sys/mounts`, { headers: { 'X-Vault-Token': 'anything' } });
      assert.equal(reply.status, 403);
      assert.deepEqual(await reply.json(), { errors: ['permission denied'] });
      const root = await fetch(`${api.url}/v1/sys/mounts`, { headers: { 'X-Vault-Token': rootToken } });
      assert.equal(root.status, 200);
    } finally {
      await api.close();
    }
  });
});
