/**
 * `sys/` declared like a plugin, through the real services (KV mounted at secret/): help and
 * OpenAPI of the root and of every declared path against golden/sys-help.json (after a
 * deliberate change: UPDATE_GOLDEN=1 rewrites it), input validated against the declared fields
 * before a handler runs (with messages that say how to fix it, and nothing changed), and the
 * declared paths answering as before.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AppServices } from '../../../../electron/core/app-services';
import { call, callError, removeDir, servicesWithKv } from '../core-helpers';

const goldenFile = new URL('./golden/sys-help.json', import.meta.url);

interface OpenApi {
  info: { title: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

/** A request path for an OpenAPI path template: `mounts/{path}/tune` → `mounts/example/tune`. */
const concrete = (template: string) => template.replace(/^\//, '').replace(/\{\w+\}/g, 'example');

describe('sys/ declared with the SDK model', () => {
  let services: AppServices;
  let dataDir: string;

  before(async () => {
    ({ services, dataDir } = await servicesWithKv());
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('help and OpenAPI of sys/ and of every declared path match golden/sys-help.json', async () => {
    const root = await call(services, 'requests.help', { path: 'sys/' });
    const rootDoc = root.openapi as unknown as OpenApi;
    assert.equal(rootDoc.info.title, 'Strongroom system backend');
    const declaredRoutes = [...root.help.matchAll(/^ {4}(\^\S+)$/gm)].map((m) => m[1]);
    assert.ok(declaredRoutes.length >= 20, `root help lists the declared patterns: ${root.help}`);

    const paths: Record<string, string> = {};
    const matched = new Set<string>();
    for (const template of Object.keys(rootDoc.paths).sort()) {
      const help = await call(services, 'requests.help', { path: `sys/${concrete(template)}` });
      paths[template] = help.help;
      matched.add(/^Matching Route: (\S+)$/m.exec(help.help)?.[1] ?? `none for ${template}`);
      // One path's OpenAPI is the root document's entry for it (and its list twin), nothing else.
      const own = (help.openapi as unknown as OpenApi).paths;
      for (const [key, item] of Object.entries(own)) assert.deepEqual(item, rootDoc.paths[key], `${template}: ${key} as in the root document`);
    }
    assert.deepEqual([...matched].sort(), [...declaredRoutes].sort(), 'every declared pattern is reached by its own OpenAPI path');

    const surface = { root: { help: root.help, openapi: root.openapi }, paths };
    const text = `${JSON.stringify(surface, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(goldenFile, text);
    const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8')) as unknown;
    assert.deepEqual(surface, golden, 'sys/ help changed: review the difference, then rerun with UPDATE_GOLDEN=1 to accept it');
  });

  test('the OpenAPI describes fields for forms: types, required, descriptions, summaries', async () => {
    const doc = (await call(services, 'requests.help', { path: 'sys/mounts/secret/tune' })).openapi as unknown as OpenApi;
    const tune = doc.paths['/mounts/{path}/tune'] as { post: { summary: string; tags: string[]; requestBody: { content: Record<string, { schema: { $ref: string } }> } } };
    assert.equal(tune.post.summary, "Change a mount's tunable settings.");
    assert.deepEqual(tune.post.tags, ['system']);
    const ref = tune.post.requestBody.content['application/json']?.schema.$ref.split('/').pop() ?? '';
    const schema = doc.components.schemas[ref] as { properties: Record<string, { type: string; format?: string; description: string }> };
    assert.equal(schema.properties['default_lease_ttl']?.format, 'duration');
    assert.equal(schema.properties['options']?.type, 'object');
    assert.match(schema.properties['max_lease_ttl']?.description ?? '', /maximum lease TTL/);
    const enable = (await call(services, 'requests.help', { path: 'sys/mounts/other' })).openapi as unknown as OpenApi;
    const enableRef = (enable.paths['/mounts/{path}'] as { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }).post.requestBody.content['application/json']?.schema.$ref.split('/').pop() ?? '';
    assert.deepEqual((enable.components.schemas[enableRef] as { required: string[] }).required, ['type']);
  });

  const refused: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['enabling without a type', { path: 'sys/mounts/other', operation: 'write', data: {} }, 'invalid_request', /missing required field\(s\): type\. Ask for help on "sys\/mounts\/other"/],
    ['an empty type', { path: 'sys/mounts/other', operation: 'write', data: { type: '' } }, 'invalid_request', /"type" is required: give it a non-empty string/],
    ['a TTL that is no duration', { path: 'sys/mounts/secret/tune', operation: 'write', data: { default_lease_ttl: 'soon' } }, 'invalid_request', /field "default_lease_ttl".*duration.*90s, 1h30m or 7d/],
    ['a TTL with a fraction of a second', { path: 'sys/mounts/secret/tune', operation: 'write', data: { max_lease_ttl: '500ms' } }, 'invalid_request', /"max_lease_ttl".*whole seconds/],
    ['options that are no object', { path: 'sys/mounts/secret/tune', operation: 'write', data: { options: 'version=2' } }, 'invalid_request', /field "options".*expected type 'map'/],
    ['a plugin type that does not exist', { path: 'sys/plugins/catalog/database/kv', operation: 'write', data: { command: 'x' } }, 'invalid_request', /field "type" must be one of \["secret","auth"\]/],
    ['a catalog entry without a command', { path: 'sys/plugins/catalog/secret/other', operation: 'write', data: {} }, 'invalid_request', /missing required field\(s\): command/],
    ['a remount without its target', { path: 'sys/remount', operation: 'write', data: { from: 'secret' } }, 'invalid_request', /missing required field\(s\): to/],
    ['a lease renewal without a lease id', { path: 'sys/leases/renew', operation: 'write', data: {} }, 'invalid_request', /"lease_id" is required: give the lease id in the body, or at the end of the path/],
    ['a lease lookup with a map for the id', { path: 'sys/leases/lookup', operation: 'write', data: { lease_id: { a: 1 } } }, 'invalid_request', /field "lease_id".*expected type 'string'/],
    ['an operation the path does not declare', { path: 'sys/rotate', operation: 'read' }, 'unsupported_operation', /sys\/rotate does not support "read" \(it supports: update\)/],
    ['a path that is not declared', { path: 'sys/nothing/here', operation: 'read' }, 'unsupported_path', /sys\/nothing\/here is not a system path\. Ask for help on "sys\/"/],
  ];
  for (const [name, args, code, message] of refused) {
    test(`refused before a handler runs: ${name}`, async () => {
      const before = await call(services, 'mounts.list', {});
      const error = await callError(services, 'requests.handle', args);
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      assert.deepEqual(await call(services, 'mounts.list', {}), before, 'nothing changed');
    });
  }

  test('help on a path that is not declared says where the paths are', async () => {
    const error = await callError(services, 'requests.help', { path: 'sys/nothing' });
    assert.equal(error.code, 'unsupported_path');
    assert.match(error.message, /Ask for help on "sys\/"/);
  });

  test('the KV preflight gives options.version as a string, also for a mount enabled with a number', async () => {
    await call(services, 'requests.handle', { path: 'sys/mounts/numbered', operation: 'write', data: { type: 'kv', options: { version: 2 } } });
    for (const [path, mount] of [['numbered/app/x', 'numbered/'], ['secret/data/app', 'secret/']]) {
      const preflight = await call(services, 'requests.handle', { path: `sys/internal/ui/mounts/${path}`, operation: 'read' });
      const data = preflight.data as { path: string; type: string; options: { version: unknown } };
      assert.deepEqual([data.path, data.type, data.options.version], [mount, 'kv', '2'], path);
    }
    const none = await callError(services, 'requests.handle', { path: 'sys/internal/ui/mounts/nothing/x', operation: 'read' });
    assert.equal(none.code, 'permission_denied');
    assert.equal(none.detail?.['httpStatus'], 403);
    await call(services, 'requests.handle', { path: 'sys/mounts/numbered', operation: 'delete' });
  });

  test('declared paths answer as before: tune write then read, create as update, unknown fields warned about', async () => {
    const written = await call(services, 'requests.handle', { path: 'sys/mounts/secret/tune', operation: 'write', data: { default_lease_ttl: '1h', max_lease_ttl: 7200, description: 'tuned', colour: 'blue' } });
    assert.equal(written.status, 204);
    const tuned = await call(services, 'requests.handle', { path: 'sys/mounts/secret/tune', operation: 'read' });
    assert.deepEqual(tuned.data, { description: 'tuned', default_lease_ttl: 3600, max_lease_ttl: 7200, force_no_cache: false, options: { version: '2' } });
    // request_timeout is Strongroom's own: sent only once set, so a default mount reads as OpenBao's.
    await call(services, 'requests.handle', { path: 'sys/mounts/secret/tune', operation: 'write', data: { request_timeout: '30s' } });
    const timed = await call(services, 'requests.handle', { path: 'sys/mounts/secret/tune', operation: 'read' });
    assert.equal((timed.data as { request_timeout?: number }).request_timeout, 30);
    await call(services, 'requests.handle', { path: 'sys/mounts/secret/tune', operation: 'write', data: { request_timeout: 0 } });
    // A version is kv's alone (Vault: "does not allow setting a version"), a 400 and nothing mounted.
    const versioned = await callError(services, 'requests.handle', { path: 'sys/mounts/notkv', operation: 'write', data: { type: 'some-plugin', options: { version: '2' } } });
    assert.equal(versioned.detail?.['httpStatus'], 400);
    assert.match(versioned.message, /does not allow setting a version/);
    const created = await call(services, 'requests.handle', { path: 'sys/audit-hash/sqlite', operation: 'create', data: { input: 'x', colour: 'blue' } });
    assert.match(String((created.data as { hash: string }).hash), /^hmac-sha256:/);
    assert.deepEqual(created.warnings, ['Endpoint ignored these unrecognized parameters: [colour]']);
    const listed = await call(services, 'requests.handle', { path: 'sys/plugins/catalog/secret/', operation: 'list' });
    assert.deepEqual(listed.data, { keys: ['kv'] });
    const entry = await call(services, 'requests.handle', { path: 'sys/plugins/catalog/secret/kv', operation: 'read' });
    assert.equal((entry.data as { command: string }).command, 'vault-plugin-secrets-kv');
  });
});
