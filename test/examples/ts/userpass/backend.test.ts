import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testMount } from '@strongroom/plugin-sdk';
import { userpassBackend } from '../../../../examples/ts/userpass/backend';
import { verifyPassword } from '../../../../examples/ts/userpass/password';
import type { User } from '../../../../examples/ts/userpass/users';

async function mountWithAlice() {
  const mount = await testMount(userpassBackend);
  await mount.write('users/alice', { password: 's3cret', token_policies: 'dev, ops', token_ttl: '10m', token_max_ttl: '1h' });
  return mount;
}

describe('examples/ts/userpass', () => {
  it('is an auth method whose login path needs no token', () => {
    assert.equal(userpassBackend.typeNumber, 2);
    assert.deepEqual(userpassBackend.definition.specialPaths?.unauthenticated, ['login/*']);
  });

  it('stores the password only as a scrypt hash, and reads a user without it', async () => {
    const mount = await mountWithAlice();
    const stored = (await mount.env.storage.getJSON<User>('users/alice'))!;
    assert.match(stored.password_hash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.ok(!stored.password_hash.includes('s3cret'));
    assert.equal(await verifyPassword('s3cret', stored.password_hash), true);
    assert.equal(await verifyPassword('S3cret', stored.password_hash), false);
    assert.deepEqual((await mount.request('read', 'users/alice'))?.data, { token_policies: ['dev', 'ops'], token_ttl: 600, token_max_ttl: 3600 });
    assert.deepEqual((await mount.request('list', 'users/'))?.data, { keys: ['alice'] });
  });

  it('a new user needs a password; an update keeps what it does not change', async () => {
    const mount = await mountWithAlice();
    assert.deepEqual((await mount.write('users/bob', { token_policies: 'x' }))?.data, { error: 'a new user needs a password: write password=<password> with the user' });
    await mount.write('users/alice', { token_ttl: 60 });
    assert.deepEqual((await mount.request('read', 'users/alice'))?.data, { token_policies: ['dev', 'ops'], token_ttl: 60, token_max_ttl: 3600 });
  });

  it("logs in with the right password: the Auth carries the user's policies, TTLs and name", async () => {
    const mount = await mountWithAlice();
    assert.deepEqual((await mount.write('login/alice', { password: 'wrong' }))?.data, { error: 'invalid username or password' });
    assert.deepEqual((await mount.write('login/nobody', { password: 's3cret' }))?.data, { error: 'invalid username or password' });
    const login = await mount.write('login/alice', { password: 's3cret' });
    assert.deepEqual(login, {
      auth: {
        policies: ['dev', 'ops'],
        tokenPolicies: ['dev', 'ops'],
        ttlSeconds: 600,
        maxTtlSeconds: 3600,
        renewable: true,
        metadata: { username: 'alice' },
        displayName: 'alice',
        internalData: { username: 'alice' },
        alias: { name: 'alice' },
      },
    });
  });

  it('renews while the user exists with the same policies; refuses once it is deleted or its policies changed', async () => {
    const mount = await mountWithAlice();
    const login = (await mount.write('login/alice', { password: 's3cret' }))!;
    const renewed = await mount.renewAuth({ path: 'login/alice', auth: login.auth! }, 300);
    assert.equal(renewed?.auth?.ttlSeconds, 600);
    assert.deepEqual(renewed?.auth?.policies, ['dev', 'ops']);
    // What a host sends back: the policies it stored, `default` added.
    const stored = { ...login.auth!, tokenPolicies: ['default', 'dev', 'ops'] };
    assert.equal((await mount.renewAuth({ path: 'login/alice', auth: stored }))?.auth?.ttlSeconds, 600);
    await mount.write('users/alice', { token_policies: 'dev' });
    assert.match(String((await mount.renewAuth({ path: 'login/alice', auth: login.auth! }))?.data?.['error']), /token_policies changed/);
    await mount.request('delete', 'users/alice');
    assert.deepEqual((await mount.renewAuth({ path: 'login/alice', auth: login.auth! }))?.data, {
      error: 'user "alice" no longer exists, so its tokens cannot be renewed',
    });
  });
});
