/**
 * Multi-party chat (seed 001, the multi-party chat page; seed 002, chatjs "Multi-party Chat Feature"):
 * one test per rule, named as the rule. Quick connects: which an agent may use, and what
 * CreateQuickConnect accepts; through `execute` only.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { quickConnectsFor } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { chatWith } from './multipartyWorlds.ts';

describe('multi-party chat', () => {
  test('quick connects: an agent may only use the quick connects of their routing profile\'s queues (union over queues); a PHONE_NUMBER quick connect cannot join a chat; CreateQuickConnect validates USER/QUEUE/PHONE_NUMBER (E.164) and names are unique', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    eventsOf(world.setMultiParty(true));
    const q2 = world.addQueue('SecondQueue');
    const q3 = world.addQueue('ThirdQueue');
    const both = world.addProfile('Both queues', { queues: [{ queueId: world.queueId }, { queueId: q2 }, { queueId: q2, channel: 'TASK' }] });
    world.addAgent('carol', both);
    const onQ1 = world.addQuickConnect('USER', 'bob', { name: 'Bob' });
    const onQ2 = world.addQuickConnect('QUEUE', q3, { name: 'Third', queues: [q2] });
    const onBoth = world.addQuickConnect('USER', 'carol', { name: 'Carol', queues: [world.queueId, q2] });
    const phone = world.addQuickConnect('PHONE_NUMBER', '+14155550100', { name: 'Desk phone' });
    const onNone = world.addQuickConnect('USER', 'alice', { name: 'Alice', queues: [q3] });
    const names = (agent: string) => quickConnectsFor(world.instance, world.user(agent)).map((q) => q.name).sort();
    assert.deepEqual(names('alice'), ['Bob', 'Carol', 'Desk phone']);
    assert.deepEqual(names('carol'), ['Bob', 'Carol', 'Desk phone', 'Third'], 'the union over BasicQueue and SecondQueue, each once');
    assert.equal(quickConnectsFor(world.instance, world.user('carol')).length, new Set(quickConnectsFor(world.instance, world.user('carol')).map((q) => q.id)).size);

    const chat = chatWith(world, 'alice');
    const before = serialize(world.state);
    for (const [quickConnect, rule] of [[onQ2, 'quick-connects-come-from-the-agents-queues'], [onNone, 'quick-connects-come-from-the-agents-queues']] as const) {
      for (const decision of [world.addParticipant('alice', chat.contactId, quickConnect), world.transfer('alice', chat.contactId, quickConnect)]) {
        const rejection = rejectionOf(decision);
        assert.equal(rejection.code, 'AccessDenied');
        assert.equal(rejection.rule, rule);
      }
    }
    for (const decision of [world.addParticipant('alice', chat.contactId, phone), world.transfer('alice', chat.contactId, phone)]) {
      const rejection = rejectionOf(decision);
      assert.equal(rejection.code, 'InvalidRequest');
      assert.equal(rejection.rule, 'chat-quick-connects-are-agents-or-queues');
    }
    assert.equal(rejectionOf(world.addParticipant('alice', chat.contactId, '00000000-0000-4000-8000-0000000000ff')).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before, 'nothing changed');
    // Quick connects on alice's queues are usable: Bob's (BasicQueue) invites; Carol's (on both queues) gets
    // past the quick connect check and is refused only because Bob's invitation is pending.
    eventsOf(world.addParticipant('alice', chat.contactId, onQ1));
    assert.equal(rejectionOf(world.addParticipant('alice', chat.contactId, onBoth)).rule, 'one-invitation-at-a-time');

    // CreateQuickConnect: each type needs its target; phone numbers in E.164; names unique; refusals store nothing.
    const count = world.instance.quickConnects.size;
    const flow = world.addTransferFlow();
    const refusals: [ReturnType<World['createQuickConnect']>, string][] = [
      [world.createQuickConnect('USER', '00000000-0000-4000-8000-00000000abcd', { name: 'Nobody' }), 'ResourceNotFound'],
      [world.createQuickConnect('QUEUE', '00000000-0000-4000-8000-00000000abcd', { name: 'No queue' }), 'ResourceNotFound'],
      [world.createQuickConnect('PHONE_NUMBER', '4155550100', { name: 'No plus' }), 'InvalidRequest'],
      [world.createQuickConnect('PHONE_NUMBER', '+04155550100', { name: 'Leading zero' }), 'InvalidRequest'],
      [world.createQuickConnect('PHONE_NUMBER', '+1415555010012345', { name: 'Too long' }), 'InvalidRequest'],
      [world.createQuickConnect('PHONE_NUMBER', '+1 415 555 0100', { name: 'Spaces' }), 'InvalidRequest'],
      [world.createQuickConnect('QUEUE', world.queueId, { name: 'Bob' }), 'DuplicateResource'],
      [world.createQuickConnect('USER', 'bob', { name: 'Bad flow', flowId: '00000000-0000-4000-8000-00000000abcd' }), 'ResourceNotFound'],
      [world.createQuickConnect('USER', '', { name: 'Empty user' }), 'ResourceNotFound'],
    ];
    for (const [{ decision, quickConnectId }, code] of refusals) {
      assert.equal(rejectionOf(decision).code, code);
      assert.equal(world.instance.quickConnects.has(quickConnectId), false);
    }
    assert.equal(world.instance.quickConnects.size, count);
    const ok = world.createQuickConnect('PHONE_NUMBER', '+442071838750', { name: 'London', flowId: flow });
    eventsOf(ok.decision);
    const created = world.instance.quickConnects.get(ok.quickConnectId)!;
    assert.equal(created.type, 'PHONE_NUMBER');
    assert.equal(created.phoneNumber, '+442071838750');
    assert.equal(created.arn, `${world.instance.arn}/transfer-destination/${ok.quickConnectId}`);
    // AssociateQueueQuickConnects: an unknown quick connect or queue refuses the whole request.
    const queueBefore = [...world.instance.queues.get(q3)!.quickConnectIds];
    assert.equal(rejectionOf(world.run({ type: 'AssociateQueueQuickConnects', queueId: q3, quickConnectIds: [ok.quickConnectId, '00000000-0000-4000-8000-00000000abcd'] })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'AssociateQueueQuickConnects', queueId: '00000000-0000-4000-8000-00000000abcd', quickConnectIds: [ok.quickConnectId] })).code, 'ResourceNotFound');
    assert.deepEqual(world.instance.queues.get(q3)!.quickConnectIds, queueBefore);
    // Associating twice keeps one entry.
    eventsOf(world.run({ type: 'AssociateQueueQuickConnects', queueId: world.queueId, quickConnectIds: [onQ1, onQ1] }));
    assert.equal(world.instance.queues.get(world.queueId)!.quickConnectIds.filter((id) => id === onQ1).length, 1);
  });
});
