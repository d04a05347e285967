/**
 * The token store against a real SQLite barrier: ids and accessors in OpenBao's format, create /
 * lookup / renew / revoke, tree revocation and orphans, accessor lookups, max TTL caps, num_uses,
 * expiry across a restart (an injected clock, so nothing sleeps), and no id in the clear anywhere
 * in the database file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { TokenStore } from '../../../../electron/core/tokens/token-store';
import { calculateTokenTtl, humanDuration, sanitizePolicies, tokenDisplayName } from '../../../../electron/core/tokens/token-entry';
import { Storage } from '../../../../electron/storage/storage';

const PASSPHRASE = 'correct horse battery staple';
const KDF = { N: 2 ** 14, r: 8, p: 1 };

describe('token store', () => {
  let dir: string;
  let storage: Storage;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const now = () => clock;
  const open: TokenStore[] = [];
  const store = () => {
    const opened = TokenStore.open(storage, { now });
    open.push(opened);
    return opened;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-tokens-'));
    storage = Storage.open({ dataDir: dir, kdf: KDF });
    await storage.init(PASSPHRASE);
  });
  afterEach(() => {
    for (const opened of open.splice(0)) opened.stop();
  });
  after(() => {
    storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes ids and accessors as OpenBao does, and authenticates only the right id', () => {
    const tokens = store();
    const root = tokens.createRoot();
    assert.match(root.id, /^s\.[A-Za-z0-9]{24}$/);
    assert.match(root.record.accessor, /^[A-Za-z0-9]{24}$/);
    const caller = tokens.authenticate(root.id);
    assert.deepEqual(caller, { accessor: root.record.accessor, policies: ['root'], displayName: 'root' });
    assert.equal(JSON.stringify(caller).includes(root.id), false, 'the caller carries no id');
    assert.equal(caller === undefined ? undefined : tokens.idOf(caller), root.id);
    const lastChanged = root.id.slice(0, -1) + (root.id.endsWith('x') ? 'y' : 'x');
    assert.equal(tokens.authenticate(lastChanged), undefined, 'one character off');
    assert.equal(tokens.authenticate(''), undefined);
    assert.equal(root.record.expireTime, null);
  });

  it('children inherit the parent, get the default TTL unless root, and sanitise names and policies', () => {
    const tokens = store();
    const root = tokens.authenticate(tokens.createRoot().id);
    const inherit = tokens.create(root, { path: 'auth/token/create', orphan: false });
    assert.deepEqual(inherit.record.policies, ['root']);
    assert.equal(inherit.record.expireTime, null, 'a root child without ttl never expires');
    assert.equal(inherit.record.renewable, false);
    const app = tokens.create(root, { path: 'auth/token/create', orphan: false, policies: [' Foo', 'default', 'foo'], displayName: 'My App' });
    assert.deepEqual(app.record.policies, ['default', 'foo']);
    assert.equal(app.record.displayName, 'token-My-App');
    assert.equal(app.record.creationTtl, 768 * 3600, "the token mount's default TTL");
    assert.equal(app.record.renewable, true);
    const nodefault = tokens.create(root, { path: 'auth/token/create', orphan: false, policies: ['foo'], noDefaultPolicy: true });
    assert.deepEqual(nodefault.record.policies, ['foo']);
    const appCaller = tokens.authenticate(app.id);
    assert.throws(() => tokens.create(appCaller, { path: 'auth/token/create', orphan: false, policies: ['root'], sudo: true }), /root tokens may not be created without parent token being root/);
    assert.throws(() => tokens.create(appCaller, { path: 'auth/token/create', orphan: false, policies: ['root'] }), /child policies must be subset of parent/);
    const limited = tokens.authenticate(tokens.create(root, { path: 'auth/token/create', orphan: false, numUses: 2 }).id);
    assert.throws(() => tokens.create(limited, { path: 'auth/token/create', orphan: false }), /restricted use token cannot generate child tokens/);
    assert.throws(() => tokens.create(root, { path: 'auth/token/create', orphan: false, numUses: -1 }), /cannot be negative/);
    const expiringRoot = tokens.authenticate(tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 600 }).id);
    assert.throws(() => tokens.create(expiringRoot, { path: 'auth/token/create', orphan: false }), /expiring root tokens cannot create non-expiring root tokens/);
    const owner = tokens.create(undefined, { path: 'auth/token/create', orphan: false });
    assert.equal(owner.record.parentHash, null, "the owner (no token) makes orphans");
    assert.deepEqual(owner.record.policies, ['root']);
  });

  it('revoking a parent revokes its tree; an orphan and revoke-orphan children survive', () => {
    const tokens = store();
    const root = tokens.authenticate(tokens.createRoot().id);
    const a = tokens.create(root, { path: 'auth/token/create', orphan: false });
    const aCaller = tokens.authenticate(a.id);
    const b = tokens.create(aCaller, { path: 'auth/token/create', orphan: false });
    const c = tokens.create(tokens.authenticate(b.id), { path: 'auth/token/create', orphan: false });
    const orphan = tokens.create(aCaller, { path: 'auth/token/create-orphan', orphan: true });
    assert.equal(orphan.record.parentHash, null);
    assert.equal(tokens.revokeAccessor(a.record.accessor), 3, 'a, b and c');
    for (const gone of [a, b, c]) {
      assert.equal(tokens.authenticate(gone.id), undefined);
      assert.equal(tokens.lookupAccessor(gone.record.accessor), undefined);
    }
    assert.notEqual(tokens.authenticate(orphan.id), undefined);
    assert.notEqual(root, undefined);
    assert.equal(tokens.revokeAccessor(a.record.accessor), 0, 'revoking twice finds nothing');

    const parent = tokens.create(root, { path: 'auth/token/create', orphan: false });
    const child = tokens.create(tokens.authenticate(parent.id), { path: 'auth/token/create', orphan: false });
    assert.equal(tokens.revokeOrphan(parent.record.accessor), true);
    assert.equal(tokens.authenticate(parent.id), undefined);
    assert.equal(tokens.lookup(child.id)?.parentHash, null, 'the child is an orphan now');
    const reopened = store();
    assert.equal(reopened.lookup(child.id)?.parentHash, null, 'and stays one after a restart');
    assert.equal(reopened.lookup(b.id), undefined);
  });

  it('looks tokens up by accessor and lists the accessors', () => {
    const tokens = store();
    const root = tokens.createRoot();
    const child = tokens.create(tokens.authenticate(root.id), { path: 'auth/token/create', orphan: false, meta: { app: 'x' } });
    assert.equal(tokens.lookupAccessor(child.record.accessor)?.idHash, child.record.idHash);
    assert.deepEqual(tokens.lookupAccessor(child.record.accessor)?.meta, { app: 'x' });
    const listed = tokens.accessors();
    assert.ok(listed.includes(root.record.accessor) && listed.includes(child.record.accessor));
    assert.ok(tokens.rootAccessors().includes(root.record.accessor));
    assert.equal(tokens.lookupAccessor('nope'), undefined);
    const rotated = tokens.rotateRoot();
    assert.equal(tokens.authenticate(root.id), undefined, 'rotating revokes the old root token');
    assert.equal(tokens.lookup(child.id), undefined, 'with its children');
    assert.ok(rotated.revoked >= 2);
    assert.deepEqual(tokens.rootAccessors(), [rotated.record.accessor]);
    assert.deepEqual(tokens.authenticate(rotated.id)?.policies, ['root']);
  });

  it('renewals extend from now and are capped by the explicit max TTL', () => {
    const tokens = store();
    const root = tokens.authenticate(tokens.createRoot().id);
    const created = tokens.create(root, { path: 'auth/token/create', orphan: false, policies: ['app'], ttl: 3600, explicitMaxTtl: 7200 });
    assert.equal(created.record.expireTime, clock + 3600_000);
    clock += 1800_000;
    const plain = tokens.renew(created.record.accessor, 0);
    assert.equal(plain.record.leaseTtl, 3600, 'no increment repeats the last TTL');
    assert.equal(plain.record.expireTime, clock + 3600_000);
    const capped = tokens.renew(created.record.accessor, 3 * 3600);
    assert.equal(capped.record.leaseTtl, 5400, 'the rest of the 2 h max');
    assert.deepEqual(capped.warnings, ['TTL of "3h" exceeded the effective max_ttl of "1h30m"; TTL value is capped accordingly']);
    assert.equal(capped.record.creationTtl, 3600, 'creation_ttl stays');
    clock += 5400_000;
    assert.throws(() => tokens.renew(created.record.accessor, 60), /lease expired/);
    assert.throws(() => tokens.renew(tokens.rootAccessors()[0] ?? '', 60), /lease is not renewable/);
    const fixed = tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 60, renewable: false });
    assert.throws(() => tokens.renew(fixed.record.accessor, 60), /lease is not renewable/);
    const created2 = tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 7200, explicitMaxTtl: 3600 });
    assert.equal(created2.record.creationTtl, 3600);
    assert.match(created2.warnings[0] ?? '', /TTL of "2h" exceeded the effective max_ttl of "1h"/);
    const periodic = tokens.create(root, { path: 'auth/token/create', orphan: false, period: 600, ttl: 60 });
    assert.equal(periodic.record.creationTtl, 600, 'a period wins over the ttl');
    clock += 500_000;
    assert.equal(tokens.renew(periodic.record.accessor, 60).record.leaseTtl, 600, 'a periodic token renews to its period');
  });

  it('counts uses per request and revokes the token after its last one', async () => {
    const tokens = store();
    const root = tokens.authenticate(tokens.createRoot().id);
    const limited = tokens.create(root, { path: 'auth/token/create', orphan: false, numUses: 2 });
    const caller = tokens.authenticate(limited.id);
    assert.ok(caller !== undefined);
    assert.equal(await tokens.spend(caller, async () => tokens.lookup(limited.id)?.numUses), 1);
    const during = await tokens.spend(caller, async () => ({ again: tokens.authenticate(limited.id), left: tokens.lookup(limited.id)?.numUses }));
    assert.deepEqual(during, { again: undefined, left: -1 }, 'the last use answers no other request');
    assert.equal(tokens.lookup(limited.id), undefined, 'revoked after its last use');
    await assert.rejects(tokens.spend(caller, async () => 'ran'), /permission denied/);
  });

  it('revokes tokens that expired while the store was closed, with their children, and expires on its timer', async () => {
    const first = store();
    const root = first.authenticate(first.createRoot().id);
    const short = first.create(root, { path: 'auth/token/create', orphan: false, ttl: 60 });
    const child = first.create(first.authenticate(short.id), { path: 'auth/token/create', orphan: false, ttl: 30 });
    const long = first.create(root, { path: 'auth/token/create', orphan: false, ttl: 3600 });
    first.stop();
    clock += 61_000;
    const second = store();
    assert.equal(second.lookup(short.id), undefined);
    assert.equal(second.lookup(child.id), undefined);
    assert.notEqual(second.lookup(long.id), undefined);
    assert.equal(second.accessors().includes(short.record.accessor), false);
    const remaining = storage.list('core/tokens/id/');
    assert.equal(remaining.includes(short.record.idHash), false, 'the expired record is gone from the barrier');
    assert.equal(remaining.includes(child.record.idHash), false);
    assert.equal(storage.list('core/tokens/parent/').includes(`${short.record.idHash}/`), false, 'and its parent index entries');

    // The timer: a token one second from expiry is removed from the barrier without a lookup.
    const soon = second.create(root, { path: 'auth/token/create', orphan: false, ttl: 1 });
    const deadline = Date.now() + 10_000;
    clock += 1000;
    while (storage.list('core/tokens/id/').includes(soon.record.idHash)) {
      assert.ok(Date.now() < deadline, 'the expiry timer revoked the token');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('keeps no token id in the clear anywhere in the database file', async () => {
    const tokens = store();
    const root = tokens.createRoot();
    const child = tokens.create(tokens.authenticate(root.id), { path: 'auth/token/create', orphan: false });
    storage.checkpoint();
    const bytes = Buffer.concat(fs.readdirSync(dir).filter((name) => name.startsWith('strongroom.db')).map((name) => fs.readFileSync(path.join(dir, name))));
    for (const secret of [root.id, child.id, root.id.slice(2), child.id.slice(2), root.record.accessor, child.record.accessor]) {
      assert.equal(bytes.includes(Buffer.from(secret)), false, `"${secret}" is not in the file`);
    }
  });

  it('the pure rules: display names, policies, TTLs and Go-style durations', () => {
    assert.equal(tokenDisplayName(''), 'token');
    assert.equal(tokenDisplayName('my app!'), 'token-my-app');
    assert.deepEqual(sanitizePolicies(['root', 'foo'], true), ['root']);
    assert.deepEqual(sanitizePolicies([], true), ['default']);
    assert.equal(humanDuration(7200), '2h');
    assert.equal(humanDuration(5400), '1h30m');
    assert.equal(humanDuration(3601), '1h1s');
    assert.equal(humanDuration(90), '1m30s');
    const start = Date.parse('2026-01-01T00:00:00Z');
    assert.deepEqual(calculateTokenTtl({ increment: 0, backendTtl: 0, period: 0, explicitMaxTtl: 0, start, now: start }), { ok: true, ttl: 768 * 3600, warnings: [] });
    assert.deepEqual(calculateTokenTtl({ increment: 10, backendTtl: 0, period: 0, explicitMaxTtl: 60, start, now: start + 60_000 }), { ok: false, problem: 'past the max TTL, cannot renew' });
  });
});
