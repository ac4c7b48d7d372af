/** Flow modules' Return results (EndFlowModuleExecution Result, as real exports write it): the branch the calling flow's Invoke module takes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowWorld, act, cond, flowOf, hangup, say } from './flowWorld.ts';

/** A module like the corpus's CheckHours: it decides, and returns a Result naming one of its branches. */
function tierModule(w: FlowWorld): string {
  return w.addTypedFlow(flowOf([
    act('tier', 'Compare', { ComparisonValue: '$.Attributes.tier' }, 'ok', { Conditions: [cond('gold', 'gold'), cond('broken', 'broken'), cond('odd', 'odd')], Errors: [{ NextAction: 'ok', ErrorType: 'NoMatchingCondition' }] }),
    act('gold', 'EndFlowModuleExecution', { Result: 'Gold', ResultData: { tier: 'gold' } }),
    act('broken', 'EndFlowModuleExecution', { Result: 'Error' }),
    act('odd', 'EndFlowModuleExecution', { Result: 'Platinum' }),
    act('ok', 'EndFlowModuleExecution', { Result: 'Success' }),
  ]), 'MODULE');
}

function caller(module: string) {
  return flowOf([
    {
      Identifier: 'invoke', Type: 'InvokeFlowModule', Parameters: { FlowModuleId: `${module}:$LATEST` },
      Transitions: {
        NextAction: 'standard', Conditions: [cond('Gold', 'vip')],
        Errors: [{ NextAction: 'unnamed', ErrorType: 'NoMatchingCondition' }, { NextAction: 'failed', ErrorType: 'NoMatchingError' }],
      },
    },
    say('vip', 'Welcome, gold member.', 'bye'), say('standard', 'Welcome.', 'bye'), say('unnamed', 'No branch for that.', 'bye'), say('failed', 'The module failed.', 'bye'), hangup(),
  ]);
}

describe('flow modules: Return results pick the calling flow\'s branch', () => {
  const run = (tier: string) => {
    const w = new FlowWorld();
    const chat = w.chatOn(caller(tierModule(w)), { tier });
    return w.said(chat.contactId);
  };

  test('a Result equal to one of the Invoke module\'s conditions takes that branch', () => {
    assert.deepEqual(run('gold'), ['Welcome, gold member.']);
  });

  test('the Result "Error" with no condition for it takes the Invoke module\'s error branch', () => {
    assert.deepEqual(run('broken'), ['The module failed.']);
  });

  test('a Result no condition names takes the NoMatchingCondition branch', () => {
    assert.deepEqual(run('odd'), ['No branch for that.']);
  });

  test('the Result "Success" with no condition for it goes on to the Invoke module\'s next action', () => {
    assert.deepEqual(run('silver'), ['Welcome.']);
  });

  test('a Return without a Result goes on to the Invoke module\'s next action', () => {
    const w = new FlowWorld();
    const module = w.addTypedFlow(flowOf([act('ret', 'EndFlowModuleExecution')]), 'MODULE');
    const chat = w.chatOn(caller(module));
    assert.deepEqual(w.said(chat.contactId), ['Welcome.']);
  });
});
