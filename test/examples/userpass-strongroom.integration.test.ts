/**
 * The example auth method in Strongroom, compared with OpenBao: the TS userpass plugin (our SDK)
 * and its Go twin are registered over each host's Vault HTTP API (`sys/plugins/catalog/auth/…` by
 * sha256), enabled (`sys/auth/…`), and driven through the same steps on both (users, logins
 * without a token, `bao login -method=userpass`, the token used under its policy, renewals through
 * the plugin, refusals once the policies change and once the user is deleted). Every answer must
 * match OpenBao's field by field (`userpass-compare.ts` masks ids, tokens and clocks), except
 * where Strongroom differs on purpose, which the test names and checks on both hosts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildPlugin as buildTsUserpass } from '../../examples/ts/userpass/build';
import { apiRequest, startApiHarness, type ApiHarness } from '../electron/vault-api/api-harness';
import { installPlugins } from '../electron/core/core-helpers';
import { ensureFixtures, fixturePath } from '../fixtures/plugins/fixtures';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../support/openbao';
import { entityIds, hostComparableReply, refusedByStrongroom, type Reply } from './userpass-compare';
import { baoCli, LANGUAGES, userpassSteps, USERPASS_POLICY, type Language, type UserpassHost } from './userpass-steps';

const HOSTS = ['openbao', 'strongroom'] as const;
type HostName = (typeof HOSTS)[number];

/** Steps whose answers differ on purpose: a refused renewal ends the token in Strongroom (root README). */
const REVOKED_ON_REFUSAL = new Set(['lookup-self after the refusal', 'lookup-self after the second refusal', 'root renews the refused token (auth/token/renew)']);
const REFUSALS = new Set(['renew after the policies changed', 'renew after the user is deleted']);

describe('Strongroom loads the TS userpass auth method and its Go twin, and answers as OpenBao does', { timeout: 600_000 }, () => {
  let harness: ApiHarness;
  let bao: OpenBaoServer;
  let baoPluginDir: string;
  const replies = {} as Record<HostName, Record<Language, Record<string, Reply>>>;
  /** `running_plugin_version` read right after the enable: the version each plugin reports. */
  const runningVersions: Record<HostName, Partial<Record<Language, string>>> = { openbao: {}, strongroom: {} };

  before(async () => {
    const [ts] = await Promise.all([buildTsUserpass(), ensureFixtures({ names: ['strongroom-userpass-go'], log: () => undefined })]);
    const files: Record<Language, string> = { ts: ts.file, go: fixturePath('strongroom-userpass-go') };
    harness = await startApiHarness();
    await harness.init();
    const strongroomPluginDir = await installPlugins(harness.dataDir, []);
    baoPluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-userpass-'));
    bao = await startOpenBao(baoPluginDir);
    const hosts: Record<HostName, UserpassHost> = {
      openbao: { url: bao.url, root: OPENBAO_DEV_ROOT_TOKEN, cli: await baoCli(bao.url, OPENBAO_DEV_ROOT_TOKEN) },
      strongroom: { url: harness.api.url, root: harness.token, cli: await baoCli(harness.api.url, harness.token) },
    };
    const pluginDirs: Record<HostName, string> = { openbao: baoPluginDir, strongroom: strongroomPluginDir };
    for (const host of HOSTS) {
      const { url, root } = hosts[host];
      for (const language of LANGUAGES) {
        const name = `userpass-${language}`;
        fs.copyFileSync(files[language], path.join(pluginDirs[host], name));
        fs.chmodSync(path.join(pluginDirs[host], name), 0o755);
        const sha256 = createHash('sha256').update(fs.readFileSync(files[language])).digest('hex');
        const registered = await apiRequest(url, 'PUT', `sys/plugins/catalog/auth/${name}`, { token: root, body: { sha256, command: name } });
        assert.equal(registered.status, 204, `${host}: register ${name}: ${registered.text}`);
        const enabled = await apiRequest(url, 'PUT', `sys/auth/${name}`, { token: root, body: { type: name } });
        assert.equal(enabled.status, 204, `${host}: enable ${name}: ${enabled.text}`);
        const read = await apiRequest(url, 'GET', `sys/auth/${name}`, { token: root });
        runningVersions[host][language] = (read.body?.['data'] as { running_plugin_version?: string } | undefined)?.running_plugin_version;
      }
      const policy = await apiRequest(url, 'PUT', 'sys/policies/acl/dev', { token: root, body: { policy: USERPASS_POLICY } });
      assert.equal(policy.status, 204, `${host}: policy dev: ${policy.text}`);
    }
    for (const host of HOSTS) {
      replies[host] = {} as Record<Language, Record<string, Reply>>;
      for (const language of LANGUAGES) replies[host][language] = await userpassSteps(hosts[host], language);
    }
  });
  after(async () => {
    await harness?.close();
    await bao?.stop();
    if (baoPluginDir !== undefined) fs.rmSync(baoPluginDir, { recursive: true, force: true });
  });

  it('sys/auth lists both on both hosts as auth plugins of their catalog names', async () => {
    for (const [url, root] of [[harness.api.url, harness.token], [bao.url, OPENBAO_DEV_ROOT_TOKEN]] as const) {
      const listed = (await apiRequest(url, 'GET', 'sys/auth', { token: root })).body?.['data'] as Record<string, { type: string }>;
      assert.equal(listed['userpass-ts/']?.type, 'userpass-ts');
      assert.equal(listed['userpass-go/']?.type, 'userpass-go');
    }
  });

  it('right after the enable, sys/auth/<path> names the version the plugin reports, as OpenBao does', () => {
    assert.deepEqual(runningVersions.openbao, { ts: 'v0.1.0', go: 'v0.1.0' });
    assert.deepEqual(runningVersions.strongroom, runningVersions.openbao);
  });

  for (const language of LANGUAGES) {
    it(`${language}: every step answers as OpenBao does, field by field, but for the differences named`, () => {
      const mountName = `userpass-${language}`;
      const [reference, ours] = [replies.openbao[language], replies.strongroom[language]];
      assert.deepEqual(Object.keys(ours), Object.keys(reference));
      const differing: string[] = [];
      for (const step of Object.keys(reference)) {
        if (REVOKED_ON_REFUSAL.has(step) || REFUSALS.has(step)) continue;
        try {
          assert.deepEqual(hostComparableReply(ours[step]!, mountName, 'strongroom'), hostComparableReply(reference[step]!, mountName, 'openbao'));
        } catch {
          differing.push(`${step}:\nOpenBao ${JSON.stringify(reference[step])}\nStrongroom ${JSON.stringify(ours[step])}`);
        }
      }
      assert.deepEqual(differing, []);
      // The one field left out: every login's token has no entity here, one in OpenBao.
      assert.ok(entityIds(reference['login, no token']?.body).every((id) => typeof id === 'string' && id !== ''));
      const ourEntities = Object.values(ours).flatMap((reply) => entityIds(reply.body));
      assert.ok(ourEntities.length > 0 && ourEntities.every((id) => id === ''), `Strongroom's entity ids: ${JSON.stringify(ourEntities)}`);
    });

    it(`${language}: a renewal the plugin refuses is its 400 on both; Strongroom adds that the token has ended`, () => {
      const [reference, ours] = [replies.openbao[language], replies.strongroom[language]];
      for (const step of REFUSALS) {
        assert.equal(ours[step]?.status, 400, step);
        assert.equal(ours[step]?.status, reference[step]?.status, step);
        const reason = (reference[step]?.body?.['errors'] as string[])[0]!;
        assert.deepEqual(ours[step]?.body?.['errors'], [refusedByStrongroom(reason)], step);
      }
      assert.match(String((reference['renew after the policies changed']?.body?.['errors'] as string[])[0]), /token_policies changed/);
      assert.deepEqual(reference['renew after the user is deleted']?.body?.['errors'], ['user "alice" no longer exists, so its tokens cannot be renewed']);
    });

    it(`${language}: after a refusal OpenBao keeps the token until it expires; Strongroom has revoked it`, () => {
      const [reference, ours] = [replies.openbao[language], replies.strongroom[language]];
      for (const step of ['lookup-self after the refusal', 'lookup-self after the second refusal']) {
        assert.equal(reference[step]?.status, 200, `OpenBao ${step}`);
        assert.equal(ours[step]?.status, 403, `Strongroom ${step}`);
        assert.deepEqual(ours[step]?.body?.['errors'], ['permission denied'], `Strongroom ${step}`);
      }
      const rootRenew = 'root renews the refused token (auth/token/renew)';
      assert.equal(reference[rootRenew]?.status, 400);
      assert.match(String((reference[rootRenew]?.body?.['errors'] as string[])[0]), /no longer exists/);
      assert.equal(ours[rootRenew]?.status, 400);
      assert.deepEqual(ours[rootRenew]?.body?.['errors'], ['token not found: it is unknown, expired or revoked.']);
    });
  }

  it('the expected answers, so the comparison is not between two failures', () => {
    const ours = replies.strongroom.ts;
    assert.equal(ours['create alice']?.status, 204);
    assert.match(String(ours['path help of the login path, no token']?.body?.['help']), /^Request: +login\/alice\n/);
    assert.equal(ours['path help of a user, no token']?.status, 403);
    // login/ is unauthenticated, so the list reaches the plugin, which serves no such operation.
    assert.equal(ours['LIST login (no trailing /), no token']?.status, 404);
    const auth = ours['login, no token']?.body?.['auth'] as Record<string, unknown>;
    assert.deepEqual(auth['policies'], ['default', 'dev', 'ops']);
    assert.equal(auth['lease_duration'], 600);
    assert.deepEqual((ours['bao login -method=userpass']?.body?.['auth'] as Record<string, unknown>)['policies'], ['default', 'dev', 'ops']);
    assert.equal((ours['lookup-self with the new token']?.body?.['data'] as Record<string, unknown>)['display_name'], 'userpass-ts-alice');
    assert.equal(ours['the token reads a user (policy dev)']?.status, 200);
    assert.equal(ours['the token may not list users']?.status, 403);
    assert.equal((ours['renew-self, increment 5m']?.body?.['auth'] as { lease_duration: number }).lease_duration, 300);
    assert.equal(ours['login again, the policies back']?.status, 200);
    assert.equal(ours['renew the new token']?.status, 200);
    assert.deepEqual(ours['login after the user is deleted']?.body?.['errors'], ['invalid username or password']);
  });
});
