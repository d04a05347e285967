import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoute, routeHref, type Route } from '../../../renderer/src/routing/routes';

const roundTrips: Route[] = [
  { page: 'overview' },
  { page: 'plugins' },
  { page: 'mounts' },
  { page: 'browse', path: '' },
  { page: 'browse', path: 'secret/metadata/app/' },
  { page: 'request', path: 'secret/data/app/db', operation: 'read' },
  { page: 'request', path: 'custom/hello/{name}', operation: undefined },
  { page: 'storage', mount: 'secret/', prefix: '' },
  { page: 'storage', mount: 'team/kv/', prefix: 'logical/a b/' },
  { page: 'leases' },
  { page: 'access' },
  { page: 'audit' },
];

for (const route of roundTrips) {
  test(`round trip ${JSON.stringify(route)}`, () => assert.deepEqual(parseRoute(routeHref(route)), route));
}

test('an unknown or empty hash is the overview', () => {
  assert.deepEqual(parseRoute(''), { page: 'overview' });
  assert.deepEqual(parseRoute('#/nope'), { page: 'overview' });
});
