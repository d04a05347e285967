/** A sys/ failure the caller can fix is a 400; a status it carries wins; other failures stay as they were. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostError } from '../../../../plugin-host/errors';
import { CoreError } from '../../../../electron/core/core-errors';
import { withUserErrorStatus } from '../../../../electron/core/sys/user-errors';

const statusOf = (error: unknown) => (error as { detail?: Record<string, unknown> }).detail?.['httpStatus'];

test('a taken mount path is a 400, with code, message and detail kept', () => {
  const marked = withUserErrorStatus(new CoreError('mount_overlap', 'taken', { path: 'a/' })) as CoreError;
  assert.deepEqual([marked.code, marked.message, marked.detail], ['mount_overlap', 'taken', { path: 'a/', httpStatus: 400 }]);
});

test("a host error about the plugin's file is a 400 too", () => {
  assert.equal(statusOf(withUserErrorStatus(new HostError('sha256_mismatch', 'wrong file'))), 400);
});

test('a status the error carries wins', () => {
  assert.equal(statusOf(withUserErrorStatus(new CoreError('mount_not_found', 'x', { httpStatus: 404 }))), 404);
});

test('a failure that is not the caller’s stays as it was', () => {
  const crash = new HostError('plugin_exited', 'gone');
  assert.equal(withUserErrorStatus(crash), crash);
  const foreign = new Error('EACCES');
  assert.equal(withUserErrorStatus(foreign), foreign);
});
