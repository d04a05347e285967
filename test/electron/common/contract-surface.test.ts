// The contract's surface (methods, argument schemas, result and event types) against the golden
// file golden/contract-surface.json, so every change to the contract shows in review as a change
// to that file. After a deliberate change: `npm run golden:contract` (UPDATE_GOLDEN=1) rewrites it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { contractMethods } from '../../../electron/common/contract';
import { contractSurface } from './contract-surface';

const goldenFile = new URL('./golden/contract-surface.json', import.meta.url);

test('the contract surface matches golden/contract-surface.json', () => {
  const surface = contractSurface();
  const text = `${JSON.stringify(surface, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(goldenFile, text);
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8')) as unknown;
  assert.deepEqual(surface, golden, 'the contract changed: review the difference, then run `npm run golden:contract` to accept it');
});

test('every method has a result type and every type is written out', () => {
  const surface = contractSurface();
  assert.deepEqual(Object.keys(surface.methods), Object.keys(contractMethods).sort());
  const missing = Object.entries(surface.methods).filter(([, method]) => method.result === 'MISSING').map(([name]) => name);
  assert.deepEqual(missing, [], 'methods without an entry in ContractResults');
  assert.ok(Object.keys(surface.events).length > 0, 'events are listed');
  const text = JSON.stringify(surface);
  for (const name of Object.keys(surface.types)) assert.notEqual(surface.types[name], 'pending', `${name} is written out`);
  assert.ok(!text.includes('"any"'), 'no type resolved to any (an import the compiler could not follow)');
});
