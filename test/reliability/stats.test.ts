import assert from 'node:assert/strict';
import { test } from 'node:test';
import { floorSlope, leastSquaresSlope, percentile } from './stats';

const series = (ys: number[]) => ys.map((y, i) => ({ x: i, y }));

test('leastSquaresSlope: the slope of a straight line, 0 for a single point', () => {
  assert.equal(leastSquaresSlope(series([1, 3, 5, 7])), 2);
  assert.equal(leastSquaresSlope(series([4])), 0);
});

test('floorSlope: momentary bumps on a flat count leave it at 0 where least squares sees growth', () => {
  const flatWithLateBumps = series([57, 57, 57, 57, 57, 57, 57, 60, 57, 57, 57, 63, 57, 57, 57]);
  assert.ok(leastSquaresSlope(flatWithLateBumps) > 0.05);
  assert.equal(floorSlope(flatWithLateBumps, 5), 0);
});

test('floorSlope: a steady leak lifts every floor and keeps its slope', () => {
  const leak = series(Array.from({ length: 15 }, (_, i) => 50 + i));
  assert.equal(floorSlope(leak, 5), 1);
});

test('floorSlope: a leak hidden under bumps still shows', () => {
  const ys = Array.from({ length: 20 }, (_, i) => 50 + Math.floor(i / 2) + (i % 3 === 0 ? 4 : 0));
  assert.ok(floorSlope(series(ys), 5) >= 0.4);
});

test('percentile: nearest rank', () => {
  assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
  assert.equal(percentile([], 50), 0);
});
