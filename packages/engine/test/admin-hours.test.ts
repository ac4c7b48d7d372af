/** The Connect admin API's hours of operation rules (admin/hoursAdmin.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';

test('hours: update checks zone, times and names; delete is refused while a queue uses them', () => {
  const world = new World({ agents: [] });
  const hours = world.addHours('Office', 'UTC', []);
  world.addHours('Other', 'UTC', []);
  eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: hours }));
  const before = serialize(world.state);
  assert.equal(rejectionOf(world.run({ type: 'UpdateHoursOfOperation', hoursOfOperationId: hours, timeZone: 'Nowhere/Land' })).code, 'InvalidParameter');
  assert.equal(rejectionOf(world.run({ type: 'UpdateHoursOfOperation', hoursOfOperationId: hours, name: 'Other' })).code, 'DuplicateResource');
  assert.equal(rejectionOf(world.run({ type: 'UpdateHoursOfOperation', hoursOfOperationId: 'nope', name: 'x' })).code, 'ResourceNotFound');
  assert.equal(rejectionOf(world.run({ type: 'DeleteHoursOfOperation', hoursOfOperationId: hours })).rule, 'hours-in-use');
  assert.equal(serialize(world.state), before);
  eventsOf(world.run({ type: 'UpdateHoursOfOperation', hoursOfOperationId: hours, name: 'Office 2', config: [{ day: 'MONDAY', startTime: { hours: 9, minutes: 0 }, endTime: { hours: 17, minutes: 0 } }] }));
  assert.equal(world.instance.hoursOfOperations.get(hours)!.name, 'Office 2');
  eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, hoursOfOperationId: null }));
  eventsOf(world.run({ type: 'DeleteHoursOfOperation', hoursOfOperationId: hours }));
  assert.equal(world.instance.hoursOfOperations.has(hours), false);
});
