import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leastSquaresSlope, percentile } from './stats';

const series = (ys: number[]) => ys.map((y, i) => ({ x: i, y }));

test('leastSquaresSlope: the slope of a straight line, 0 for a single point', () => {
  assert.equal(leastSquaresSlope(series([1, 3, 5, 7])), 2);
  assert.equal(leastSquaresSlope(series([4])), 0);
});

test('percentile: nearest rank', () => {
  assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
  assert.equal(percentile([], 50), 0);
});
