/** Unexpected errors are logged once per kind with their stack, then only counted (http/report.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportUnexpected } from '../src/http/report.ts';

test('an unexpected error is logged in full the first time, then as one-line counts at 10, 100 and 1,000 occurrences', () => {
  const logged: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    const fail = () => {
      try {
        JSON.parse('{');
      } catch (error) {
        reportUnexpected('parsing failed', error);
      }
    };
    for (let i = 0; i < 1000; i++) fail();
    reportUnexpected('something else failed', new RangeError('another kind'));
  } finally {
    console.error = original;
  }
  assert.equal(logged.length, 5);
  assert.ok(logged[0]![1] instanceof SyntaxError, 'the first with the error itself (its stack)');
  assert.match(String(logged[1]![0]), /the same error 10 times: SyntaxError/);
  assert.match(String(logged[2]![0]), /100 times/);
  assert.match(String(logged[3]![0]), /1000 times/);
  assert.ok(logged[4]![1] instanceof RangeError, 'another kind is logged in full');
});
