import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern, matchPattern, PatternError } from '../../sdk/path-pattern';

describe('path patterns', () => {
  it('literal path', () => {
    const p = compilePattern('config');
    assert.equal(p.vaultRegex, '^config$');
    assert.equal(p.openapiPath, 'config');
    assert.deepEqual(matchPattern(p, 'config'), {});
    assert.equal(matchPattern(p, 'config/x'), undefined);
  });

  it('{name} is Vault\'s GenericNameRegex', () => {
    const p = compilePattern('hello/{name}');
    assert.equal(p.vaultRegex, '^hello/(?P<name>\\w(([\\w-.]+)?\\w)?)$');
    assert.equal(p.openapiPath, 'hello/{name}');
    assert.deepEqual(matchPattern(p, 'hello/a.b-c'), { name: 'a.b-c' });
    assert.equal(matchPattern(p, 'hello/a/b'), undefined);
    assert.equal(matchPattern(p, 'hello/-x'), undefined);
  });

  it('{path*} spans slashes', () => {
    const p = compilePattern('data/{path*}');
    assert.equal(p.vaultRegex, '^data/(?P<path>.*)$');
    assert.equal(p.openapiPath, 'data/{path}');
    assert.deepEqual(matchPattern(p, 'data/a/b/c'), { path: 'a/b/c' });
  });

  it('a trailing slash makes a list path matching with or without it', () => {
    const p = compilePattern('users/');
    assert.equal(p.vaultRegex, '^users/?$');
    assert.equal(p.openapiPath, 'users');
    assert.deepEqual(matchPattern(p, 'users/'), {});
    assert.deepEqual(matchPattern(p, 'users'), {});
  });

  it('literal dots are escaped', () => {
    assert.equal(matchPattern(compilePattern('a.b'), 'axb'), undefined);
  });

  it('rejects absolute, anchored, unbalanced and duplicate captures', () => {
    assert.throws(() => compilePattern('/config'), PatternError);
    assert.throws(() => compilePattern('^config'), PatternError);
    assert.throws(() => compilePattern('hello/{name'), /unbalanced/);
    assert.throws(() => compilePattern('{a}/{a}'), /twice/);
  });
});
