/** Unexpected errors are logged once per kind with their stack, then only counted (http/report.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportUnexpected } from '../src/http/report.ts';
import { captureLog } from './logCapture.ts';

test('an unexpected error is logged in full the first time, then as one-line counts at 10, 100 and 1,000 occurrences', () => {
  const captured = captureLog();
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
    captured.restore();
  }
  const logged = captured.entries();
  assert.equal(logged.length, 5);
  assert.ok(logged.every((entry) => entry.level === 50), 'at error level');
  assert.equal(logged[0]!.err.type, 'SyntaxError', 'the first with the error itself');
  assert.match(logged[0]!.err.stack, /at /, 'and its stack');
  assert.match(logged[1]!.msg, /the same error 10 times: SyntaxError/);
  assert.match(logged[2]!.msg, /100 times/);
  assert.match(logged[3]!.msg, /1000 times/);
  assert.equal(logged[4]!.err.type, 'RangeError', 'another kind is logged in full');
});
