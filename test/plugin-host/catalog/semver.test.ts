import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalVersion, compareVersions } from '../../../plugin-host/catalog/semver';

describe('canonicalVersion', () => {
  const cases: Array<[string, string | undefined]> = [
    ['1.2.3', 'v1.2.3'],
    ['v1.2.3', 'v1.2.3'],
    ['0.25.0-beta.1+build.7', 'v0.25.0-beta.1+build.7'],
    ['1.2', undefined],
    ['01.2.3', undefined],
    ['1.2.3-', undefined],
    ['latest', undefined],
    ['V1.2.3', undefined],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${expected ?? 'not a version'}`, () => assert.equal(canonicalVersion(input), expected));
  }
});

describe('compareVersions', () => {
  test('orders by semver precedence', () => {
    const ordered = ['v1.0.0-alpha', 'v1.0.0-alpha.1', 'v1.0.0-alpha.beta', 'v1.0.0-beta', 'v1.0.0-beta.2', 'v1.0.0-beta.11', 'v1.0.0-rc.1', 'v1.0.0', 'v1.2.0', 'v1.10.0', 'v2.0.0'];
    const shuffled = [...ordered].reverse();
    assert.deepEqual(shuffled.sort(compareVersions), ordered);
  });

  test('ignores build metadata', () => assert.equal(compareVersions('v1.0.0+a', 'v1.0.0+b'), 0));
});
