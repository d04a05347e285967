/**
 * The pure role rules, beside what the OpenBao comparison covers: go-glob's `*` matching, the role
 * branch of Vault's policy resolution, and how uses, period and explicit max TTL are merged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newRole } from '../../../../electron/core/tokens/token-role';
import { applyRole, globMatch, rolePolicies } from '../../../../electron/core/tokens/token-role-grant';

describe('token role rules', () => {
  it('matches globs as go-glob does: * is any run, nothing else is special', () => {
    assert.equal(globMatch('app-*', 'app-1'), true);
    assert.equal(globMatch('app-*', 'app-'), true);
    assert.equal(globMatch('app-*', 'ap'), false);
    assert.equal(globMatch('*-prod', 'db-prod'), true);
    assert.equal(globMatch('a*b*c', 'abc'), true);
    assert.equal(globMatch('a*b*c', 'aXbYc'), true);
    assert.equal(globMatch('a*b*c', 'acb'), false);
    assert.equal(globMatch('ab*ba', 'aba'), false, 'the prefix and suffix may not overlap');
    assert.equal(globMatch('a?c', 'abc'), false, '? is a plain character');
    assert.equal(globMatch('exact', 'exact'), true);
  });

  it('decides policies by the role only when it has lists', () => {
    const plain = newRole('plain');
    assert.equal(rolePolicies(plain, ['x'], false, ['root']), undefined, 'no lists: the ordinary rules');
    const listed = { ...newRole('listed'), allowedPolicies: ['a', 'b'] };
    assert.deepEqual(rolePolicies(listed, [], false, ['root']), ['a', 'b', 'default']);
    assert.deepEqual(rolePolicies(listed, ['B'], true, ['root']), ['b'], 'no_default_policy');
    assert.deepEqual(rolePolicies({ ...listed, tokenNoDefaultPolicy: true }, [], false, ['root']), ['a', 'b']);
    assert.throws(() => rolePolicies(listed, ['c'], false, ['root']), /must be subset of the role's allowed policies/);
    const denyDefault = { ...newRole('d'), disallowedPolicies: ['default'] };
    assert.deepEqual(rolePolicies(denyDefault, [], false, ['p', 'q']), ['p', 'q'], "the parent's, without default");
    assert.throws(() => rolePolicies(denyDefault, ['default'], false, []), /token policy "default" is disallowed by this role/);
  });

  it('merges uses, period and explicit max TTL as Vault does', () => {
    const role = { ...newRole('r'), tokenNumUses: 3, tokenPeriod: 600, tokenExplicitMaxTtl: 0, orphan: true, renewable: false, pathSuffix: 'v-2' };
    const base = { path: 'auth/token/create', orphan: false, renewable: true };
    const unlimited = applyRole(role, { ...base, numUses: 0 }, ['root']);
    assert.equal(unlimited.request.numUses, 3, "0 is unlimited: the role's limit applies");
    assert.equal(applyRole(role, { ...base, numUses: 2 }, ['root']).request.numUses, 2, 'fewer asked for: fewer');
    assert.equal(applyRole(role, { ...base, numUses: 9 }, ['root']).request.numUses, 3);
    assert.equal(unlimited.request.period, 600);
    assert.deepEqual(unlimited.warnings, []);
    const both = applyRole(role, { ...base, period: 60, explicitMaxTtl: 120 }, ['root']);
    assert.equal(both.request.period, 60);
    assert.equal(both.request.explicitMaxTtl, 120, 'the role sets none: the request stands');
    assert.deepEqual(both.warnings, ['Period specified both during creation call and in role; using the lesser value of 60 seconds']);
    assert.deepEqual(both.request.role, { name: 'r', policies: undefined, requestedExplicitMaxTtl: 120, requestedPeriod: 60 });
    assert.equal(both.request.orphan, true);
    assert.equal(both.request.renewable, false);
    assert.equal(both.request.path, 'auth/token/create/r/v-2');
  });
});
