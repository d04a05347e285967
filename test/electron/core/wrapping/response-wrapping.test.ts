/**
 * Response wrapping in the core (real lifecycle, storage and token store on a temp directory):
 * the reply waits encrypted in the barrier under the token's hash, leaves it when unwrapped, and
 * when its token expires, even while sealed (the expiry survives a restart); the token itself is
 * Vault's (orphan, one use, policy response-wrapping) and may do nothing but be unwrapped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RequestResult } from '../../../../electron/common/contract/requests';
import { toContractError } from '../../../../electron/common/errors';
import { PASSPHRASE } from '../core-helpers';
import { openTokenCore, type TokenCore } from '../tokens/token-harness';

const STORED = 'core/wrapping/';

describe('response wrapping in the core', () => {
  let core: TokenCore;
  before(async () => {
    core = await openTokenCore();
  });
  after(async () => {
    await core?.close();
  });

  const router = () => core.lifecycle.core().router;
  const caller = (token: string) => {
    const found = core.lifecycle.core().tokens.authenticate(token);
    assert.ok(found, 'a live token');
    return found;
  };
  async function wrap(body: Record<string, unknown>, ttl: number): Promise<RequestResult> {
    return router().handle({ path: 'sys/wrapping/wrap', operation: 'write', data: body, token: caller(core.rootToken), wrapTtl: ttl });
  }
  async function refusal(run: () => Promise<unknown>): Promise<{ code: string; status: unknown }> {
    try {
      await run();
    } catch (error) {
      const shape = toContractError(error);
      return { code: shape.code, status: shape.detail?.['httpStatus'] };
    }
    assert.fail('expected a refusal');
  }

  it('stores the reply encrypted under the token hash, hands it out once, then forgets it', async () => {
    const wrapped = await wrap({ secret: 'hunter2' }, 300);
    assert.equal(wrapped.data, null);
    const info = wrapped.wrapInfo;
    assert.ok(info);
    assert.equal(info.ttl, 300);
    assert.equal(info.creation_path, 'sys/wrapping/wrap');
    const keys = core.storage.list(STORED);
    assert.equal(keys.length, 1);
    const record = core.lifecycle.core().tokens.lookup(info.token);
    assert.ok(record);
    assert.equal(keys[0], record.idHash, 'stored under the salted hash, never the id');
    assert.ok(!JSON.stringify(keys).includes(info.token));
    const logged = core.auditLog.list({ requestId: wrapped.requestId, limit: 10 }).entries.find((entry) => entry.kind === 'response');
    const loggedText = JSON.stringify(logged?.data);
    assert.match(loggedText, /"wrap_info":\{"token":"hmac-sha256:/, 'the audit log shows the wrapping, its token HMAC\'d');
    assert.ok(!loggedText.includes(info.token) && !loggedText.includes('hunter2'), 'neither the token nor the secret in clear');
    assert.deepEqual({ policies: record.policies, numUses: record.numUses, parent: record.parentHash, renewable: record.renewable, max: record.explicitMaxTtl }, { policies: ['response-wrapping'], numUses: 1, parent: null, renewable: false, max: 300 });

    const denied = await refusal(() => router().handle({ path: 'sys/mounts', operation: 'read', token: caller(info.token) }));
    assert.deepEqual(denied, { code: 'permission_denied', status: 403 });
    // That refusal spent the token's one use, as OpenBao's does.
    assert.equal(core.lifecycle.core().tokens.lookup(info.token), undefined);
    assert.deepEqual(core.storage.list(STORED), [], 'its reply went with it');

    const second = (await wrap({ secret: 'again' }, 300)).wrapInfo!;
    const unwrapped = await router().handle({ path: 'sys/wrapping/unwrap', operation: 'write', token: caller(second.token) });
    assert.deepEqual(unwrapped.data, { secret: 'again' });
    assert.deepEqual(core.storage.list(STORED), []);
    assert.deepEqual(await refusal(() => router().handle({ path: 'sys/wrapping/unwrap', operation: 'write', data: { token: second.token } })), { code: 'invalid_wrapping_token', status: 400 });
  });

  it("the token store's expiry timer removes an unsealed store's reply", async () => {
    const info = (await wrap({ secret: 'brief' }, 1)).wrapInfo!;
    const record = core.lifecycle.core().tokens.lookup(info.token);
    assert.ok(record);
    assert.deepEqual(core.storage.list(STORED), [record.idHash]);
    // Waits (bounded) for the timer; what is asserted is what it removed, not when.
    for (let waited = 0; core.storage.list(STORED).length > 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(core.storage.list(STORED), [], 'the expired token took its reply with it within 10 s');
    assert.equal(core.lifecycle.core().tokens.lookup(info.token), undefined);
  });

  it('an expiry that passes while sealed removes the reply at the next unseal', async () => {
    const info = (await wrap({ secret: 'short-lived' }, 1)).wrapInfo!;
    const kept = (await wrap({ secret: 'long-lived' }, 3600)).wrapInfo!;
    await core.lifecycle.seal();
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await core.lifecycle.unseal(PASSPHRASE);
    const live = core.lifecycle.core().tokens.lookup(kept.token);
    assert.ok(live);
    assert.deepEqual(core.storage.list(STORED), [live.idHash], 'only the live token keeps its reply');
    assert.deepEqual(await refusal(() => router().handle({ path: 'sys/wrapping/unwrap', operation: 'write', data: { token: info.token } })), { code: 'invalid_wrapping_token', status: 400 });
    const unwrapped = await router().handle({ path: 'sys/wrapping/unwrap', operation: 'write', data: { token: kept.token } });
    assert.deepEqual(unwrapped.data, { secret: 'long-lived' }, 'a reply survives a restart');
  });

  it('refuses to wrap without a TTL, and a lookup with no token', async () => {
    assert.deepEqual(await refusal(() => router().handle({ path: 'sys/wrapping/wrap', operation: 'write', data: { a: 'b' } })), { code: 'wrapping_required', status: 400 });
    assert.deepEqual(await refusal(() => router().handle({ path: 'sys/wrapping/lookup', operation: 'read' })), { code: 'permission_denied', status: 403 });
  });
});
