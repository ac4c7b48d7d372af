/** Lambda functions associated with an instance (admin/lambdaFunctions.ts): the Connect API's rules. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lambdaAssociated, unqualifiedFunctionArn } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-lookup';

describe('Lambda functions of an instance', () => {
  test('an associated function may be invoked by its ARN, with or without a version or alias; disassociated, it may not', () => {
    const world = new World({ agents: [] });
    assert.equal(lambdaAssociated(world.instance, FN), false);
    eventsOf(world.run({ type: 'AssociateLambdaFunction', functionArn: FN }));
    assert.deepEqual(world.instance.lambdaFunctions, [FN]);
    assert.equal(lambdaAssociated(world.instance, FN), true);
    assert.equal(lambdaAssociated(world.instance, `${FN}:prod`), true);
    assert.equal(lambdaAssociated(world.instance, `${FN}:$LATEST`), true);
    assert.equal(lambdaAssociated(world.instance, 'orders-lookup'), false, 'a bare name is not the function');
    assert.equal(unqualifiedFunctionArn(`${FN}:7`), FN);
    eventsOf(world.run({ type: 'DisassociateLambdaFunction', functionArn: FN }));
    assert.equal(lambdaAssociated(world.instance, FN), false);
  });

  test('not an ARN, associated twice, or disassociating one never associated is refused, and nothing changes', () => {
    const world = new World({ agents: [] });
    eventsOf(world.run({ type: 'AssociateLambdaFunction', functionArn: FN }));
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'AssociateLambdaFunction', functionArn: 'orders-lookup' })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'AssociateLambdaFunction', functionArn: `${FN}:prod` })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'AssociateLambdaFunction', functionArn: FN })).code, 'ResourceConflict');
    assert.equal(rejectionOf(world.run({ type: 'DisassociateLambdaFunction', functionArn: `${FN}-other` })).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before);
  });

  test('an instance holds at most 50 functions', () => {
    const world = new World({ agents: [] });
    for (let i = 0; i < 50; i++) eventsOf(world.run({ type: 'AssociateLambdaFunction', functionArn: `${FN}-${i}` }));
    assert.equal(rejectionOf(world.run({ type: 'AssociateLambdaFunction', functionArn: `${FN}-50` })).code, 'QuotaExceeded');
  });
});
