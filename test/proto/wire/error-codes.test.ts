import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../../proto/wire/coded-error';
import { ERROR_CODES, errorCodeEntry, isErrorCode } from '../../../proto/wire/error-codes';
import { HostError, HOST_ERROR_CODES, hostShuttingDownError, pluginStoppedError } from '../../../plugin-host/errors';
import { StorageError } from '../../../electron/storage/errors';
import { CoreError } from '../../../electron/core/core-errors';
import { ContractError, toContractError } from '../../../electron/common/errors';

const root = path.resolve(import.meta.dirname, '../../..');
/** The source trees whose errors cross the contract (generated code raises none). */
const SOURCE_DIRS = ['electron', 'plugin-host', 'renderer/src', 'proto/wire'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'gen' || entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every code literal a source file raises: `new XError('code'` (across lines) and `code: 'code'`. */
function codesUsedIn(file: string): Array<{ code: string; where: string }> {
  const text = fs.readFileSync(file, 'utf8');
  const found: Array<{ code: string; where: string }> = [];
  const where = (index: number) => `${path.relative(root, file)}:${text.slice(0, index).split('\n').length}`;
  for (const match of text.matchAll(/new\s+(?:Contract|Core|Host|Storage|Client|Coded)Error\(\s*'([^']*)'/g)) {
    found.push({ code: match[1] ?? '', where: where(match.index) });
  }
  for (const match of text.matchAll(/\bcode: '([^']*)'/g)) {
    const line = text.slice(text.lastIndexOf('\n', match.index) + 1, text.indexOf('\n', match.index));
    // zod's issue codes and Node's errno codes are not ours.
    if (line.includes('addIssue') || /^E[A-Z]+$/.test(match[1] ?? '')) continue;
    found.push({ code: match[1] ?? '', where: where(match.index) });
  }
  return found;
}

test('every error code used in the sources is in the registry', () => {
  const used = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(root, dir))).flatMap(codesUsedIn);
  assert.ok(used.length > 60, `the scan found only ${used.length} code literals: it no longer sees the error sites`);
  const unknown = used.filter(({ code }) => !isErrorCode(code)).map(({ code, where }) => `${code} at ${where}`);
  assert.deepEqual(unknown, [], 'add these codes to proto/wire/error-codes.ts');
  assert.ok(used.some(({ code }) => code === 'mount_overlap') && used.some(({ code }) => code === 'wrong_passphrase'));
});

test('every registry entry has a doc line and a fix-it hint, and no two share a code', () => {
  const seen = new Set<string>();
  for (const entry of ERROR_CODES) {
    assert.match(entry.code, /^[a-z][a-z0-9_]*$/, `${entry.code}: codes are snake_case`);
    assert.ok(!seen.has(entry.code), `${entry.code} is registered twice`);
    seen.add(entry.code);
    assert.ok(entry.doc.trim().length > 10 && entry.doc.trim().endsWith('.'), `${entry.code}: a one-sentence doc line`);
    assert.ok(entry.fix.trim().length > 10, `${entry.code}: a fix-it hint`);
    assert.ok(entry.raisedBy.length > 0, `${entry.code}: which layer raises it`);
  }
  assert.equal(errorCodeEntry('sealed')?.raisedBy.includes('storage'), true);
  assert.equal(errorCodeEntry('no_such_code'), undefined);
});

test('every layer shares one toJSON: the wire shape, with detail only when there is one', () => {
  for (const error of [new HostError('sealed', 'm'), new StorageError('sealed', 'm'), new CoreError('no_mount', 'm'), new ContractError('internal', 'm')]) {
    assert.ok(error instanceof CodedError);
    assert.deepEqual(JSON.parse(JSON.stringify(error)), { code: error.code, message: 'm' });
  }
  assert.deepEqual(new HostError('plugin_exited', 'm', { pid: 1 }).toJSON(), { code: 'plugin_exited', message: 'm', detail: { pid: 1 } });
  assert.equal(new StorageError('corrupt', 'm').name, 'StorageError');
  assert.ok(HOST_ERROR_CODES.includes('plugin_stopped') && !HOST_ERROR_CODES.includes('wrong_passphrase' as never));
});

test('a thrown code outside the registry crosses as internal, keeping the foreign code in detail', () => {
  const errno = Object.assign(new Error('open /x'), { code: 'ENOENT' });
  assert.deepEqual(toContractError(errno), {
    code: 'internal',
    message: 'Unexpected error: open /x. This is a bug in Strongroom; please report it.',
    detail: { code: 'ENOENT' },
  });
  assert.deepEqual(toContractError(new StorageError('sealed', 'Unseal first.')), { code: 'sealed', message: 'Unseal first.' });
});

test('plugin_stopped and host_shutting_down say different things; only a stopped mount is told to enable it', () => {
  const stopped = pluginStoppedError('Plugin "kv"');
  assert.equal(stopped.code, 'plugin_stopped');
  assert.match(stopped.message, /^Plugin "kv" was stopped while this request waited .*Retry it; if the mount was disabled, enable it first\.$/);
  const shutdown = hostShuttingDownError();
  assert.equal(shutdown.code, 'host_shutting_down');
  assert.doesNotMatch(shutdown.message, /enable/i);
  assert.match(shutdown.message, /not sent.*once Strongroom is running and unsealed/);
});
