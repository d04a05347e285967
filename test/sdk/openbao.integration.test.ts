/**
 * OpenBao is the reference host: the TS hello plugin (our SDK) and its Go twin (HashiCorp's
 * vault/sdk framework) are registered by sha256 and mounted in a real `bao server -dev`, and every
 * step must get the same answer from both, status and body, over OpenBao's HTTP API. Then the same
 * steps through Strongroom's own host must carry the same data, errors and warnings.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildPlugin as buildGoHello } from '../../examples/go/hello/build';
import { buildPlugin as buildTsHello } from '../../examples/ts/hello/build';
import type { AppServices } from '../../electron/core/app-services';
import { call, openServices, PASSPHRASE, removeDir, tempDataDir } from '../electron/core/core-helpers';
import { startOpenBao, type BaoReply, type OpenBaoServer } from '../support/openbao';

type Step = { name: string; method: 'GET' | 'PUT' | 'DELETE' | 'LIST'; path: string; body?: Record<string, unknown> };

/** In order: each step sees the state the previous ones left. */
const STEPS: Step[] = [
  { name: 'read before configuration', method: 'GET', path: 'hello/world' },
  { name: 'configure without the required field', method: 'PUT', path: 'config', body: {} },
  { name: 'configure with an unknown field too', method: 'PUT', path: 'config', body: { custom_prefix: 'hi, ', colour: 'blue' } },
  { name: 'read the configuration', method: 'GET', path: 'config' },
  { name: 'greet', method: 'GET', path: 'hello/world' },
  { name: 'greet a name that is not a name', method: 'GET', path: 'hello/-bad-' },
  { name: 'an operation the path does not have', method: 'DELETE', path: 'hello/world' },
  { name: 'a path the plugin does not have', method: 'GET', path: 'nowhere' },
];

/** What must match between two hosts' replies: status, data, errors, warnings (ids and timings differ). */
function comparable(reply: BaoReply) {
  const body = reply.body ?? {};
  return { status: reply.status, data: body.data ?? null, errors: body.errors ?? null, warnings: body.warnings ?? null };
}

describe('OpenBao loads the TS SDK plugin and answers as for the Go framework plugin', { timeout: 600_000 }, () => {
  let bao: OpenBaoServer;
  let pluginDir: string;
  const replies: Record<'ts' | 'go', BaoReply[]> = { ts: [], go: [] };

  before(async () => {
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openbao-'));
    const plugins = { ts: await buildTsHello(), go: await buildGoHello() };
    for (const [language, built] of Object.entries(plugins)) {
      fs.copyFileSync(built.file, path.join(pluginDir, `hello-${language}`));
      fs.chmodSync(path.join(pluginDir, `hello-${language}`), 0o755);
    }
    bao = await startOpenBao(pluginDir);
    for (const [language, built] of Object.entries(plugins)) {
      const registered = await bao.request('PUT', `sys/plugins/catalog/secret/hello-${language}`, { sha256: built.sha256, command: `hello-${language}` });
      assert.equal(registered.status, 204, JSON.stringify(registered.body));
      const mounted = await bao.request('POST', `sys/mounts/hello-${language}`, { type: `hello-${language}` });
      assert.equal(mounted.status, 204, `mounting hello-${language}: ${JSON.stringify(mounted.body)}\n${bao.log()}`);
    }
    for (const language of ['ts', 'go'] as const) {
      for (const step of STEPS) replies[language].push(await bao.request(step.method, `hello-${language}/${step.path}`, step.body));
    }
  });
  after(async () => {
    await bao?.stop();
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  STEPS.forEach((step, i) => {
    it(`${step.name}: the same reply from both plugins`, () => {
      assert.deepEqual(comparable(replies.ts[i]!), comparable(replies.go[i]!));
    });
  });

  it('the expected answers, so the comparison is not between two failures', () => {
    const ts = replies.ts.map(comparable);
    assert.deepEqual(ts[0], { status: 400, data: null, errors: ['plugin is not configured yet'], warnings: null });
    assert.equal(ts[1]?.status, 400);
    assert.deepEqual(ts[3]?.data, { custom_prefix: 'hi, ' });
    assert.deepEqual(ts[4]?.data, { message: 'hi, world' });
  });

  it('path help and the OpenAPI document come from the plugin alike', async () => {
    const help = async (language: string) => (await bao.request('GET', `hello-${language}/hello/world?help=1`)).body as { help: string; openapi: { paths: Record<string, unknown> } };
    const [ts, go] = [await help('ts'), await help('go')];
    assert.equal(ts.help, go.help);
    assert.deepEqual(Object.keys(ts.openapi.paths), Object.keys(go.openapi.paths));
    const spec = (await bao.request('GET', 'sys/internal/specs/openapi')).body as { paths: Record<string, unknown> };
    for (const language of ['ts', 'go']) {
      assert.ok(spec.paths[`/hello-${language}/config`] !== undefined, `OpenBao's OpenAPI has /hello-${language}/config`);
      assert.ok(spec.paths[`/hello-${language}/hello/{name}`] !== undefined);
    }
  });

  it('leased tickets: issued, renewed and revoked through OpenBao alike, revoke reaching the plugin', async () => {
    const lifecycle = async (language: string) => {
      const issued = await bao.request('GET', `hello-${language}/ticket/world`);
      const body = issued.body as { lease_id: string; lease_duration: number; renewable: boolean; data: { ticket: string; name: string } };
      const live = await bao.request('GET', `hello-${language}/tickets?list=true`);
      const renewed = await bao.request('PUT', 'sys/leases/renew', { lease_id: body.lease_id, increment: 120 });
      const revoked = await bao.request('PUT', 'sys/leases/revoke', { lease_id: body.lease_id });
      const after = await bao.request('GET', `hello-${language}/tickets?list=true`);
      return {
        issued: { status: issued.status, leaseDuration: body.lease_duration, renewable: body.renewable, name: body.data.name, leasePrefix: body.lease_id.startsWith(`hello-${language}/ticket/world/`) },
        listedWhileLive: (live.body as { data: { keys: string[] } }).data.keys.includes(body.data.ticket),
        renewed: { status: renewed.status, leaseDuration: (renewed.body as { lease_duration: number }).lease_duration },
        revoked: revoked.status,
        listedAfterRevoke: after.status,
      };
    };
    const [ts, go] = [await lifecycle('ts'), await lifecycle('go')];
    assert.deepEqual(ts, go);
    assert.deepEqual(ts, {
      issued: { status: 200, leaseDuration: 60, renewable: true, name: 'world', leasePrefix: true },
      listedWhileLive: true,
      renewed: { status: 200, leaseDuration: 120 },
      revoked: 204,
      listedAfterRevoke: 404, // the plugin's revoke handler deleted the only ticket
    });
  });

  describe("Strongroom's host", () => {
    let services: AppServices;
    let dataDir: string;

    before(async () => {
      dataDir = tempDataDir();
      const plugins = path.join(dataDir, 'plugins');
      fs.mkdirSync(plugins, { recursive: true, mode: 0o700 });
      fs.copyFileSync(path.join(pluginDir, 'hello-ts'), path.join(plugins, 'hello-ts'));
      fs.chmodSync(path.join(plugins, 'hello-ts'), 0o755);
      services = await openServices(dataDir);
      await call(services, 'seal.init', { passphrase: PASSPHRASE });
      await call(services, 'plugins.register', { type: 'secret', name: 'hello-ts', command: 'hello-ts' });
      await call(services, 'mounts.enable', { path: 'hello-ts', type: 'hello-ts' });
    });
    after(async () => {
      await services?.close();
      removeDir(dataDir);
    });

    it('answers every step with what OpenBao answered', async () => {
      const operation = { GET: 'read', PUT: 'write', DELETE: 'delete', LIST: 'list' } as const;
      const fresh = await startFreshStrongroomReplies(services, operation);
      fresh.forEach((ours, i) => {
        const theirs = comparable(replies.ts[i]!);
        const step = STEPS[i]!;
        if (theirs.status < 400) {
          assert.equal(ours.ok, true, `${step.name}: ${JSON.stringify(ours)}`);
          assert.deepEqual({ data: ours.data, warnings: ours.warnings }, { data: theirs.data, warnings: theirs.warnings ?? [] }, step.name);
        } else {
          assert.equal(ours.ok, false, `${step.name}: ${JSON.stringify(ours)}`);
          assert.equal(ours.status, theirs.status, step.name);
          const expected = unwrapMultiError((theirs.errors as string[])[0]!);
          assert.ok(ours.message.includes(expected), `${step.name}: "${ours.message}" should carry "${expected}"`);
        }
      });
    });

    it('issues, renews and revokes a leased ticket as OpenBao does', async () => {
      const issued = await call(services, 'requests.handle', { path: 'hello-ts/ticket/world', operation: 'read' });
      assert.equal(issued.secret?.ttlSeconds, 60);
      assert.equal(issued.secret?.renewable, true);
      const leaseId = issued.secret?.leaseId ?? '';
      assert.match(leaseId, /^hello-ts\/ticket\/world\//);
      const ticket = (issued.data as { ticket: string }).ticket;
      const listed = await call(services, 'requests.handle', { path: 'hello-ts/tickets/', operation: 'list' });
      assert.ok((listed.data as { keys: string[] }).keys.includes(ticket));
      const renewed = await call(services, 'leases.renew', { leaseId, increment: 120 });
      assert.ok(renewed.ttlSeconds > 110 && renewed.ttlSeconds <= 120, `renewed for ${renewed.ttlSeconds} s`);
      await call(services, 'leases.revoke', { leaseId });
      // The revoke reached the plugin: its only ticket is gone. (OpenBao's HTTP layer answers an
      // empty list with 404; the contract answers an empty folder, which is what a browser shows.)
      const after = await call(services, 'requests.handle', { path: 'hello-ts/tickets/', operation: 'list' });
      assert.deepEqual(after.data, { keys: [] });
    });
  });
});

/** OpenBao formats some errors with go-multierror ("1 error occurred:\n\t* text\n\n"): the text. */
function unwrapMultiError(message: string): string {
  const items = [...message.matchAll(/^\t\* (.*)$/gm)].map((m) => m[1]!);
  return items.length > 0 ? items.join('; ') : message;
}

type OurReply = { ok: true; data: unknown; warnings: string[] } | { ok: false; status: number; message: string };

async function startFreshStrongroomReplies(
  services: AppServices,
  operation: Record<Step['method'], 'read' | 'write' | 'delete' | 'list'>,
): Promise<OurReply[]> {
  const out: OurReply[] = [];
  for (const step of STEPS) {
    const reply = await services.dispatch('requests.handle', { path: `hello-ts/${step.path}`, operation: operation[step.method], data: step.body ?? {} });
    if (reply.ok) {
      const result = reply.result as { data: unknown; warnings: string[] };
      out.push({ ok: true, data: result.data, warnings: result.warnings });
    } else {
      const detail = (reply.error.detail ?? {}) as { httpStatus?: number };
      out.push({ ok: false, status: detail.httpStatus ?? 0, message: reply.error.message });
    }
  }
  return out;
}
