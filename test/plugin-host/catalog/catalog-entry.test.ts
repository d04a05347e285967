import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateRegistration } from '../../../plugin-host/catalog/catalog-entry';
import type { RegistrationInput } from '../../../plugin-host/catalog/catalog-entry';
import { isHostError } from '../../../plugin-host/errors';

const SHA = 'a'.repeat(64);
const base: RegistrationInput = { type: 'secret', name: 'kv', command: 'vault-plugin-secrets-kv' };

describe('validateRegistration: accepted', () => {
  test('fills defaults and canonicalises version and sha256', () => {
    assert.deepEqual(validateRegistration({ ...base, version: '0.25.0', sha256: 'A'.repeat(64) }), {
      type: 'secret',
      name: 'kv',
      version: 'v0.25.0',
      command: 'vault-plugin-secrets-kv',
      args: [],
      env: {},
      sha256: SHA,
      memoryLimitMiB: 1024,
      startTimeoutSeconds: 30,
    });
  });

  test('an absent or empty version is the unversioned entry', () => {
    assert.equal(validateRegistration(base).version, '');
    assert.equal(validateRegistration({ ...base, version: '' }).version, '');
  });

  test('args and env are copied', () => {
    const args = ['-tls-skip-verify'];
    const env = { HTTP_PROXY: 'http://proxy:3128' };
    const valid = validateRegistration({ ...base, type: 'auth', args, env });
    args.push('mutated');
    env.HTTP_PROXY = 'mutated';
    assert.deepEqual([valid.type, valid.args, valid.env], ['auth', ['-tls-skip-verify'], { HTTP_PROXY: 'http://proxy:3128' }]);
  });
});

describe('validateRegistration: catalog_invalid_entry', () => {
  const cases: Array<[string, RegistrationInput, RegExp]> = [
    ['missing name', { ...base, name: '' }, /name is missing/],
    ['blank name', { ...base, name: '   ' }, /name is missing/],
    ['name with a slash', { ...base, name: 'a/b' }, /may not contain "\/"/],
    ['name with a backslash', { ...base, name: 'a\\b' }, /may not contain/],
    ['name with ..', { ...base, name: '..kv' }, /may not contain/],
    ['name with a newline', { ...base, name: 'kv\nx' }, /control characters/],
    ['bad type', { ...base, type: 'database' as never }, /plugin type "database" is not one of: secret, auth/],
    ['non-semver version', { ...base, version: '1.2' }, /version "1.2" is not a semantic version/],
    ['missing command', { ...base, command: '' }, /command is missing/],
    ['sha256 too short', { ...base, sha256: 'abc123' }, /sha256 "abc123" is not 64 hexadecimal digits/],
    ['sha256 not hex', { ...base, sha256: 'g'.repeat(64) }, /not 64 hexadecimal digits/],
    ['args not strings', { ...base, args: [1 as never] }, /args must be a list of strings/],
    ['env key with =', { ...base, env: { 'A=B': 'x' } }, /env "A=B" is not a valid variable/],
    ['env value with NUL', { ...base, env: { A: 'x\0y' } }, /env "A" is not a valid variable/],
    ['env overriding the magic cookie', { ...base, env: { VAULT_BACKEND_PLUGIN: 'x' } }, /set by Strongroom for every plugin/],
    ['env overriding the client certificate', { ...base, env: { PLUGIN_CLIENT_CERT: 'x' } }, /cannot be overridden/],
  ];
  for (const [name, input, message] of cases) {
    test(name, () => {
      assert.throws(
        () => validateRegistration(input),
        (error: unknown) => isHostError(error) && error.code === 'catalog_invalid_entry' && message.test(error.message),
      );
    });
  }
});
