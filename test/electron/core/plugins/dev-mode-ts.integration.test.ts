import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppServices } from '../../../../electron/core/app-services';
import { packagePlugin } from '../../../../sdk/package-plugin';
import { nextEvent } from '../../../support/next-event';
import { call, callError, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

// Development mode of a TS plugin from the SDK: the source folder is watched, each save rebuilt
// with the SDK's packager into the entry's file, re-pinned and reloaded. A copy of
// examples/ts/hello is edited; its node_modules links to the checkout's (the SDK by package name).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const EVENT_WAIT_MS = 60_000; // a bound for the run only; the loop's speed is in bench/dev-loop.ts
const GREETING = "return { data: { message: config.custom_prefix + data.get<string>('name') } };";

describe('development mode: a TS plugin rebuilt from its sources', () => {
  let services: AppServices;
  let dataDir: string;
  let sourceDir: string;
  let backend: string;
  let binary: string;

  const reloaded = () => nextEvent(services.events, 'plugins.reloaded', (event) => event.name === 'hello-ts', EVENT_WAIT_MS);
  const reloadFailed = () => nextEvent(services.events, 'plugins.reloadFailed', (event) => event.name === 'hello-ts', EVENT_WAIT_MS);
  const hello = async (name: string) => (await call(services, 'requests.handle', { path: 'hello/hello/' + name, operation: 'read' })).data;
  const save = (from: string, to: string) => {
    const text = fs.readFileSync(backend, 'utf8');
    assert.ok(text.includes(from), `the source has ${from}`);
    fs.writeFileSync(backend, text.replace(from, to));
  };

  before(async () => {
    sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'd1-ts-hello-'));
    for (const file of ['backend.ts', 'main.ts', 'tickets.ts']) fs.copyFileSync(path.join(repoRoot, 'examples', 'ts', 'hello', file), path.join(sourceDir, file));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(sourceDir, 'node_modules'));
    backend = path.join(sourceDir, 'backend.ts');
    dataDir = tempDataDir();
    binary = path.join(dataDir, 'plugins', 'strongroom-hello-ts');
    await packagePlugin(path.join(sourceDir, 'main.ts'), binary);
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    await call(services, 'plugins.register', { name: 'hello-ts', command: 'strongroom-hello-ts' });
    await call(services, 'mounts.enable', { path: 'hello', type: 'hello-ts' });
    await call(services, 'requests.handle', { path: 'hello/config', operation: 'write', data: { custom_prefix: 'hi ' } });
  });
  after(async () => {
    await services?.close();
    removeDir(dataDir);
    fs.rmSync(sourceDir, { recursive: true, force: true });
  });

  test('turned on with the source folder: it says what it watches', async () => {
    const view = await call(services, 'plugins.setDevelopment', { name: 'hello-ts', enabled: true, sourceDir });
    assert.deepEqual([view.development?.watching, view.development?.source], [sourceDir, sourceDir]);
    assert.deepEqual(await hello('you'), { message: 'hi you' });
  });

  test('a saved source change is rebuilt, re-pinned and answers with the new code; the config and a lease are kept', async () => {
    const ticket = await call(services, 'requests.handle', { path: 'hello/ticket/me', operation: 'read' });
    const leaseId = ticket.secret?.leaseId ?? '';
    const ticketId = String(ticket.data?.['ticket']);
    assert.match(leaseId, /^hello\/ticket\/me\//);
    const before = (await call(services, 'plugins.list', {})).plugins.find((p) => p.name === 'hello-ts')?.sha256;
    const event = reloaded();
    save(GREETING, GREETING.replace("data.get<string>('name')", "data.get<string>('name') + '!'"));
    const done = await event;
    assert.equal(done.previousSha256, before);
    assert.notEqual(done.sha256, before);
    assert.deepEqual(done.mounts, ['hello/']);
    assert.deepEqual(await hello('you'), { message: 'hi you!' });
    // The lease obtained from the previous build is still there, and the new build revokes it.
    assert.equal((await call(services, 'leases.lookup', { leaseId })).leaseId, leaseId);
    const listed = async () => ((await call(services, 'requests.handle', { path: 'hello/tickets/', operation: 'list' })).data?.['keys'] as string[] | undefined) ?? [];
    assert.ok((await listed()).includes(ticketId), 'the new build reads the ticket the previous one stored');
    assert.deepEqual(await call(services, 'leases.revoke', { leaseId }), { revoked: leaseId });
    assert.ok(!(await listed()).includes(ticketId), 'the new process ran the revocation');
    assert.equal(fs.statSync(binary).mode & 0o777, 0o755, 'the packager wrote the entry file');
  });

  test('a build that fails: reloadFailed with the build output; the previous build keeps answering', async () => {
    const pinned = (await call(services, 'plugins.list', {})).plugins.find((p) => p.name === 'hello-ts')?.sha256;
    const failed = reloadFailed();
    save("+ '!'", "+ '!' +");
    const event = await failed;
    assert.equal(event.stage, 'build');
    assert.equal(event.pinnedSha256, pinned);
    assert.ok(event.output.some((line) => line.includes('backend.ts:')), `the esbuild error names the file: ${JSON.stringify(event.output)}`);
    assert.deepEqual(await hello('still'), { message: 'hi still!' });
    // Fixing the source brings the next build in.
    const next = reloaded();
    save("+ '!' +", "+ '?'");
    await next;
    assert.deepEqual(await hello('fixed'), { message: 'hi fixed?' });
  });

  test('a subfolder made after watching started is watched: an edit in lib/ is rebuilt and answers', async () => {
    const lib = path.join(sourceDir, 'lib');
    fs.mkdirSync(lib);
    const suffixFile = path.join(lib, 'suffix.ts');
    fs.writeFileSync(suffixFile, "export const SUFFIX = '#';\n");
    const imported = reloaded();
    fs.writeFileSync(backend, "import { SUFFIX } from './lib/suffix';\n" + fs.readFileSync(backend, 'utf8').replace("+ '?'", '+ SUFFIX'));
    await imported;
    assert.deepEqual(await hello('lib'), { message: 'hi lib#' });
    // Only lib/suffix.ts changes now: seen only if the new folder is watched.
    const edited = reloaded();
    fs.writeFileSync(suffixFile, "export const SUFFIX = '+';\n");
    assert.deepEqual((await edited).mounts, ['hello/']);
    assert.deepEqual(await hello('deep'), { message: 'hi deep+' });
    // Folders made inside it later are followed too (Node's recursive watch of lib/).
    fs.mkdirSync(path.join(lib, 'deeper'));
    const nested = reloaded();
    fs.writeFileSync(path.join(lib, 'deeper', 'mark.ts'), "export const MARK = '%';\n");
    fs.writeFileSync(suffixFile, "export { MARK as SUFFIX } from './deeper/mark';\n");
    await nested;
    assert.deepEqual(await hello('nested'), { message: 'hi nested%' });
    const deeper = reloaded();
    fs.writeFileSync(path.join(lib, 'deeper', 'mark.ts'), "export const MARK = '&';\n");
    await deeper;
    assert.deepEqual(await hello('nested'), { message: 'hi nested&' });
  });

  test('a source folder without main.ts is refused', async () => {
    const refused = await callError(services, 'plugins.setDevelopment', { name: 'hello-ts', enabled: true, sourceDir: path.join(sourceDir, 'node_modules', '.bin') });
    assert.equal(refused.code, 'invalid_request');
  });
});
