/**
 * Queues: hours of operation (time zones, ranges past midnight, daylight saving), MaxContacts, and what a
 * flow does when its queue is closed or full; the CheckHoursOfOperation block.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isOpen, queueAdmission, type FlowDocument, type HoursOfOperation } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { GREETING } from './flows.ts';
import { serialize } from './serialize.ts';

/** Fixed instants (UTC). 2024-01-15 is a Monday; New York is on EST (UTC−5) in January. */
const MON_0930_NEW_YORK = Date.UTC(2024, 0, 15, 14, 30);
const MON_1800_NEW_YORK = Date.UTC(2024, 0, 15, 23, 0);
const MINUTE = 60_000;

type Config = HoursOfOperation['config'];
const range = (day: Config[number]['day'], start: string, end: string): Config[number] => {
  const [sh, sm] = start.split(':').map(Number) as [number, number];
  const [eh, em] = end.split(':').map(Number) as [number, number];
  return { day, startTime: { hours: sh, minutes: sm }, endTime: { hours: eh, minutes: em } };
};
const hours = (timeZone: string, config: Config): HoursOfOperation => ({ id: 'h', arn: 'arn:h', name: 'hours', timeZone, config });
const WEEKDAYS_9_TO_5 = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((d) => range(d, '09:00', '17:00'));

describe('hours of operation: isOpen', () => {
  test('a Monday 09:30 in New York is open for New York 09:00–17:00, and each set of hours is read in its own time zone', () => {
    assert.equal(isOpen(hours('America/New_York', WEEKDAYS_9_TO_5), MON_0930_NEW_YORK), true);
    assert.equal(isOpen(hours('America/New_York', [range('TUESDAY', '09:00', '17:00')]), MON_0930_NEW_YORK), false, 'another day');
    // The same instant is 15:30 in Berlin, 23:30 in Tokyo, 06:30 in Los Angeles, 20:00 in Kolkata (UTC+5:30).
    assert.equal(isOpen(hours('Europe/Berlin', [range('MONDAY', '09:00', '17:00')]), MON_0930_NEW_YORK), true);
    assert.equal(isOpen(hours('Asia/Tokyo', [range('MONDAY', '09:00', '17:00')]), MON_0930_NEW_YORK), false);
    assert.equal(isOpen(hours('America/Los_Angeles', [range('MONDAY', '09:00', '17:00')]), MON_0930_NEW_YORK), false);
    assert.equal(isOpen(hours('Asia/Kolkata', [range('MONDAY', '20:00', '21:00')]), MON_0930_NEW_YORK), true);
    assert.equal(isOpen(hours('Asia/Kolkata', [range('MONDAY', '20:01', '21:00')]), MON_0930_NEW_YORK), false);
  });

  test('the start of a range is open and its end is closed', () => {
    const ny = hours('America/New_York', [range('MONDAY', '09:00', '17:00')]);
    const nine = Date.UTC(2024, 0, 15, 14, 0);
    const five = Date.UTC(2024, 0, 15, 22, 0);
    assert.equal(isOpen(ny, nine - 1), false);
    assert.equal(isOpen(ny, nine), true);
    assert.equal(isOpen(ny, five - 1), true);
    assert.equal(isOpen(ny, five), false);
  });

  test('a range whose end is not after its start runs past midnight into the next day', () => {
    const tokyo = hours('Asia/Tokyo', [range('MONDAY', '22:00', '02:00')]);
    assert.equal(isOpen(tokyo, MON_0930_NEW_YORK), true, 'Monday 23:30 in Tokyo');
    assert.equal(isOpen(tokyo, Date.UTC(2024, 0, 15, 16, 59)), true, 'Tuesday 01:59 in Tokyo');
    assert.equal(isOpen(tokyo, Date.UTC(2024, 0, 15, 17, 0)), false, 'Tuesday 02:00 in Tokyo');
    assert.equal(isOpen(tokyo, Date.UTC(2024, 0, 15, 12, 59)), false, 'Monday 21:59 in Tokyo');
    assert.equal(isOpen(tokyo, Date.UTC(2024, 0, 14, 16, 0)), false, 'Monday 01:00 in Tokyo belongs to Sunday night, which is closed');
    // Across the end of the week: Saturday night runs into Sunday morning.
    const weekend = hours('America/New_York', [range('SATURDAY', '20:00', '03:00')]);
    assert.equal(isOpen(weekend, Date.UTC(2024, 0, 14, 7, 0)), true, 'Sunday 02:00 in New York');
    assert.equal(isOpen(weekend, Date.UTC(2024, 0, 14, 8, 0)), false, 'Sunday 03:00 in New York');
    assert.equal(isOpen(weekend, Date.UTC(2024, 0, 14, 1, 0)), true, 'Saturday 20:00 in New York');
    // An end of 00:00 is midnight.
    const evening = hours('America/New_York', [range('FRIDAY', '18:00', '00:00')]);
    assert.equal(isOpen(evening, Date.UTC(2024, 0, 13, 4, 59)), true, 'Friday 23:59');
    assert.equal(isOpen(evening, Date.UTC(2024, 0, 13, 5, 0)), false, 'Saturday 00:00');
  });

  test('00:00–00:00 is the whole day, and only that day', () => {
    const monday = hours('America/New_York', [range('MONDAY', '00:00', '00:00')]);
    assert.equal(isOpen(monday, Date.UTC(2024, 0, 15, 5, 0)), true, 'Monday 00:00');
    assert.equal(isOpen(monday, Date.UTC(2024, 0, 16, 4, 59)), true, 'Monday 23:59');
    assert.equal(isOpen(monday, Date.UTC(2024, 0, 16, 5, 0)), false, 'Tuesday 00:00');
    assert.equal(isOpen(monday, Date.UTC(2024, 0, 15, 4, 59)), false, 'Sunday 23:59');
  });

  test('isOpen follows daylight saving time', () => {
    const ny = hours('America/New_York', [range('MONDAY', '09:00', '17:00')]);
    // 13:30 UTC is 08:30 in New York in winter (EST) and 09:30 after the switch to EDT on 2024-03-10.
    assert.equal(isOpen(ny, Date.UTC(2024, 2, 4, 13, 30)), false);
    assert.equal(isOpen(ny, Date.UTC(2024, 2, 11, 13, 30)), true);
  });

  test('with no ranges, hours of operation are always closed', () => {
    assert.equal(isOpen(hours('UTC', []), MON_0930_NEW_YORK), false);
  });
});

describe('hours of operation and queue settings: commands', () => {
  test('CreateHoursOfOperation needs an IANA time zone and valid times', () => {
    const world = new World({ agents: [] });
    const id = world.addHours('Office', 'America/New_York', WEEKDAYS_9_TO_5);
    const stored = world.instance.hoursOfOperations.get(id)!;
    assert.equal(stored.timeZone, 'America/New_York');
    assert.deepEqual(stored.config, WEEKDAYS_9_TO_5);
    const before = serialize(world.state);
    const bad: [string, Config][] = [
      ['Mars/Olympus_Mons', WEEKDAYS_9_TO_5],
      ['UTC', [range('FUNDAY' as 'MONDAY', '09:00', '17:00')]],
      ['UTC', [range('MONDAY', '24:00', '17:00')]],
      ['UTC', [range('MONDAY', '09:60', '17:00')]],
      ['UTC', [{ day: 'MONDAY', startTime: { hours: 9.5, minutes: 0 }, endTime: { hours: 17, minutes: 0 } }]],
      ['UTC', [range('MONDAY', '09:00', '-1:00')]],
    ];
    for (const [timeZone, config] of bad) {
      const rejection = rejectionOf(world.run({ type: 'CreateHoursOfOperation', hoursOfOperationId: 'x', name: 'bad', timeZone, config }));
      assert.equal(rejection.code, 'InvalidRequest', `${timeZone} ${JSON.stringify(config)}`);
    }
    assert.equal(serialize(world.state), before);
  });

  test('UpdateQueue sets and removes the hours of operation and MaxContacts, and refuses unknown hours and bad MaxContacts', () => {
    const world = new World({ agents: [] });
    const office = world.addHours('Office', 'America/New_York', WEEKDAYS_9_TO_5);
    const queue = () => world.instance.queues.get(world.queueId)!;
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: office, maxContacts: 5 }));
    assert.equal(queue().hoursOfOperationId, office);
    assert.equal(queue().maxContacts, 5);
    // Leaving a setting out keeps it.
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, maxContacts: 0 }));
    assert.deepEqual([queue().hoursOfOperationId, queue().maxContacts], [office, 0]);
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: null }));
    assert.deepEqual([queue().hoursOfOperationId, queue().maxContacts], [undefined, 0]);
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, maxContacts: null }));
    assert.equal('maxContacts' in queue(), false);

    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: 'nope' })).resourceType, 'HoursOfOperation');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQueue', queueId: 'nope', maxContacts: 1 })).resourceType, 'Queue');
    for (const maxContacts of [-1, 1.5]) assert.equal(rejectionOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, maxContacts })).code, 'InvalidRequest');
    assert.equal(serialize(world.state), before);
  });
});

/**
 * set-queue → check hours → open: "We are open", transfer (full: "busy", error: "went wrong") / closed: "We are closed".
 * `checkFirst` checks the hours before any working queue is set.
 */
function hoursFlow(options: { queueRef: string; hoursRef?: string; checkFirst?: boolean }): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: options.checkFirst ? 'check' : 'set-queue',
    Actions: [
      { Identifier: 'set-queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: options.queueRef },
        Transitions: { NextAction: 'check', Errors: [{ NextAction: 'error-msg', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'check', Type: 'CheckHoursOfOperation', Parameters: options.hoursRef === undefined ? {} : { HoursOfOperationId: options.hoursRef },
        Transitions: {
          Conditions: [
            { NextAction: 'open-msg', Condition: { Operator: 'Equals', Operands: ['True'] } },
            { NextAction: 'closed-msg', Condition: { Operator: 'Equals', Operands: ['False'] } },
          ],
          Errors: [{ NextAction: 'error-msg', ErrorType: 'NoMatchingError' }],
        } },
      { Identifier: 'open-msg', Type: 'MessageParticipant', Parameters: { Text: 'We are open' }, Transitions: { NextAction: 'transfer' } },
      { Identifier: 'transfer', Type: 'TransferContactToQueue',
        Transitions: { Errors: [{ NextAction: 'full-msg', ErrorType: 'QueueAtCapacity' }, { NextAction: 'error-msg', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'closed-msg', Type: 'MessageParticipant', Parameters: { Text: 'We are closed' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'full-msg', Type: 'MessageParticipant', Parameters: { Text: 'All our agents are busy' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'error-msg', Type: 'MessageParticipant', Parameters: { Text: 'Something went wrong' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {} },
    ],
  };
}

/** A flow that transfers straight to the queue; its errors play a message, then disconnect. */
function transferFlow(queueRef: string): FlowDocument {
  const doc = hoursFlow({ queueRef });
  return { ...doc, Actions: doc.Actions.map((a) => (a.Identifier === 'set-queue' ? { ...a, Transitions: { ...a.Transitions, NextAction: 'transfer' } } : a)) };
}

function systemTexts(world: World, contactId: string): (string | undefined)[] {
  return world.contact(contactId).transcript.filter((i) => i.role === 'SYSTEM').map((i) => i.content);
}

describe('queues: closed and full', () => {
  test('a contact transferred to a closed queue is not queued: the flow\'s error branch runs, and the fixture\'s flow disconnects it', () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(world.setStatus('alice', 'Available'));
    const office = world.addHours('Office', 'America/New_York', WEEKDAYS_9_TO_5);
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: office }));

    world.now = MON_1800_NEW_YORK;
    const closed = world.startChat('Ann');
    assert.deepEqual(eventsOf(closed.decision).map((e) => e.type), ['ContactInitiated', 'ParticipantJoined', 'MessageSent', 'ContactTargetQueueSet', 'ContactEnded']);
    const contact = world.contact(closed.contactId);
    assert.equal(contact.status, 'ended');
    assert.equal(contact.disconnectReason, 'CONTACT_FLOW_DISCONNECT');
    assert.equal(contact.queueId, undefined);
    assert.equal(contact.targetQueueId, world.queueId);
    assert.deepEqual(systemTexts(world, closed.contactId), [GREETING]);
    assert.equal(world.user('alice').contacts.size, 0, 'an Available agent is not offered a contact that was never queued');

    world.now = MON_0930_NEW_YORK;
    const open = world.startChat('Ben');
    assert.equal(world.contact(open.contactId).status, 'queued');
    assert.equal(world.contact(open.contactId).offer?.userId, world.userId('alice'));
  });

  test('a flow with a message on its error branch plays it when the queue is closed', () => {
    const world = new World({ agents: [] });
    const office = world.addHours('Office', 'America/New_York', WEEKDAYS_9_TO_5);
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: office }));
    const flowId = world.addFlow(transferFlow(world.queueId));
    world.now = MON_1800_NEW_YORK;
    const chat = world.startChat('Ann', { contactFlowId: flowId });
    assert.deepEqual(systemTexts(world, chat.contactId), ['Something went wrong']);
    assert.equal(world.contact(chat.contactId).status, 'ended');
  });

  test('a queue at MaxContacts refuses the next contact through the QueueAtCapacity branch; offered contacts still count', () => {
    const world = new World({ agents: ['alice'], chatConcurrency: 1 });
    eventsOf(world.setStatus('alice', 'Available'));
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, maxContacts: 2 }));
    const flowId = world.addFlow(transferFlow(world.queueId));
    const queue = world.instance.queues.get(world.queueId)!;

    const first = world.startChat('Ann', { contactFlowId: flowId });
    assert.equal(world.contact(first.contactId).offer?.userId, world.userId('alice'));
    const second = world.startChat('Ben', { contactFlowId: flowId });
    assert.equal(world.contact(second.contactId).status, 'queued');
    assert.equal(queueAdmission(world.instance, queue, world.now), 'full');
    const third = world.startChat('Cid', { contactFlowId: flowId });
    assert.equal(world.contact(third.contactId).status, 'ended');
    assert.equal(world.contact(third.contactId).queueId, undefined);
    assert.deepEqual(systemTexts(world, third.contactId), ['All our agents are busy']);
    // The fixture's flow has no QueueAtCapacity branch: its NoMatchingError branch disconnects.
    const plain = world.startChat('Dee');
    assert.equal(world.contact(plain.contactId).status, 'ended');
    assert.equal(world.contact(plain.contactId).disconnectReason, 'CONTACT_FLOW_DISCONNECT');

    // Once the offered chat is accepted it leaves the queue: there is room for one more.
    eventsOf(world.accept('alice', first.contactId));
    assert.equal(queueAdmission(world.instance, queue, world.now), 'open');
    const fourth = world.startChat('Eve', { contactFlowId: flowId });
    assert.equal(world.contact(fourth.contactId).status, 'queued');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, maxContacts: -2 })).code, 'InvalidRequest');
  });

  test('MaxContacts 0 refuses every contact; removing it admits them again', () => {
    const world = new World({ agents: [] });
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, maxContacts: 0 }));
    assert.equal(world.contact(world.startChat('Ann').contactId).status, 'ended');
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, maxContacts: null }));
    assert.equal(world.contact(world.startChat('Ben').contactId).status, 'queued');
  });
});

describe('the CheckHoursOfOperation block', () => {
  test('with hours given, it takes the True branch when they are open and the False branch when they are closed', () => {
    const world = new World({ agents: [] });
    const office = world.addHours('Office', 'America/New_York', WEEKDAYS_9_TO_5);
    const byId = world.addFlow(hoursFlow({ queueRef: world.queueId, hoursRef: office }));
    const byArn = world.addFlow(hoursFlow({ queueRef: world.queueId, hoursRef: world.instance.hoursOfOperations.get(office)!.arn }));
    for (const flowId of [byId, byArn]) {
      world.now = MON_0930_NEW_YORK;
      const open = world.startChat('Ann', { contactFlowId: flowId });
      assert.deepEqual(systemTexts(world, open.contactId), ['We are open']);
      assert.equal(world.contact(open.contactId).status, 'queued');
      world.now = MON_1800_NEW_YORK;
      const closed = world.startChat('Ben', { contactFlowId: flowId });
      assert.deepEqual(systemTexts(world, closed.contactId), ['We are closed']);
      assert.equal(world.contact(closed.contactId).status, 'ended');
    }
  });

  test('without hours given, it uses the working queue\'s hours; a queue without hours is open', () => {
    const world = new World({ agents: [] });
    const night = world.addHours('Night', 'America/New_York', [range('MONDAY', '17:00', '09:00')]);
    const flowId = world.addFlow(hoursFlow({ queueRef: world.queueId }));
    world.now = MON_1800_NEW_YORK;
    assert.deepEqual(systemTexts(world, world.startChat('Ann', { contactFlowId: flowId }).contactId), ['We are open'], 'no hours: open');
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: night }));
    assert.deepEqual(systemTexts(world, world.startChat('Ben', { contactFlowId: flowId }).contactId), ['We are open'], 'Monday 18:00 is in the night hours');
    world.now = MON_0930_NEW_YORK;
    const closed = world.startChat('Cid', { contactFlowId: flowId });
    assert.deepEqual(systemTexts(world, closed.contactId), ['We are closed']);
  });

  test('without hours given and no working queue, or with unknown hours, it takes the error branch', () => {
    const world = new World({ agents: [] });
    const first = world.addFlow(hoursFlow({ queueRef: world.queueId, checkFirst: true }));
    const unknown = world.addFlow(hoursFlow({ queueRef: world.queueId, hoursRef: 'no-such-hours' }));
    for (const flowId of [first, unknown]) {
      const chat = world.startChat('Ann', { contactFlowId: flowId });
      assert.deepEqual(systemTexts(world, chat.contactId), ['Something went wrong']);
      assert.equal(world.contact(chat.contactId).status, 'ended');
    }
  });
});

describe('queues: the clock', () => {
  test('a queue closes and opens with its hours as the clock moves', () => {
    const world = new World({ agents: [] });
    const office = world.addHours('Office', 'America/New_York', WEEKDAYS_9_TO_5);
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: office }));
    const queue = world.instance.queues.get(world.queueId)!;
    const nine = Date.UTC(2024, 0, 15, 14, 0);
    const states = [nine - MINUTE, nine, nine + 8 * 60 * MINUTE - 1, nine + 8 * 60 * MINUTE].map((at) => queueAdmission(world.instance, queue, at));
    assert.deepEqual(states, ['closed', 'open', 'open', 'closed']);
  });
});
