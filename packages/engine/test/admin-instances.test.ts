/** The Connect admin API's instance-level rules: instances (admin/instancesAdmin.ts), approved origins, phone numbers (admin/phoneNumbers.ts), tags (admin/tags.ts). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { INSTANCE_FLOWS, checkOrigin, countryOf, emptyState, flowForNumber, replay, type Event } from '../src/index.ts';
import { World } from './fixtures.ts';
import { CallWorld } from './callFixtures.ts';
import { eventsOf, rejectionOf, typesOf } from './decisions.ts';
import { serialize } from './serialize.ts';

const ids = (n: string) => ({ queueId: `q-${n}`, hoursOfOperationId: `h-${n}`, routingProfileId: `rp-${n}`, availableStatusId: `a-${n}`, offlineStatusId: `o-${n}`, widgetId: `w-${n}` });
const createInstance = (world: World, instanceId: string, alias: string, extra: object = {}) => world.run({
  type: 'CreateInstanceWithDefaults', instanceId, alias, region: 'us-east-1', accountId: '111111111111', tokenKey: 'k', identityManagementType: 'CONNECT_MANAGED',
  inboundCallsEnabled: true, outboundCallsEnabled: false, tags: {}, ids: ids(instanceId), ...extra,
});

describe('instances', () => {
  test('a created instance holds the default flows, Basic Hours, BasicQueue, Basic Routing Profile, Available and Offline, and its call settings', () => {
    const world = new World({ agents: [] });
    eventsOf(createInstance(world, 'i-new', 'new-office', { tags: { a: 'b' } }));
    const instance = world.state.instances.get('i-new')!;
    assert.deepEqual([...instance.flows.keys()].sort(), INSTANCE_FLOWS.map((f) => f.id).sort());
    assert.deepEqual([...instance.queues.values()].map((q) => [q.id, q.name, q.hoursOfOperationId, q.status]), [['q-i-new', 'BasicQueue', 'h-i-new', 'ENABLED']]);
    assert.deepEqual([...instance.routingProfiles.values()].map((p) => [p.name, p.defaultOutboundQueueId]), [['Basic Routing Profile', 'q-i-new']]);
    assert.deepEqual([...instance.agentStatuses.values()].map((s) => s.type), ['ROUTABLE', 'OFFLINE']);
    assert.deepEqual([instance.attributes.INBOUND_CALLS, instance.attributes.OUTBOUND_CALLS, instance.tags, instance.identityManagementType], ['true', 'false', { a: 'b' }, 'CONNECT_MANAGED']);
  });

  test('a created instance has its Default chat widget on the sample inbound flow, made in the same decision as the instance', () => {
    const world = new World({ agents: [] });
    const events = eventsOf(createInstance(world, 'i-chat', 'chat-office'));
    assert.ok(events.some((e) => e.type === 'ChatWidgetCreated'), 'one decision: the widget is durable with the instance or not at all');
    const widget = world.state.instances.get('i-chat')!.widgets.get('w-i-chat')!;
    assert.deepEqual([widget.name, widget.contactFlowId, widget.approvedOrigins], ['Default chat widget', 'sample-inbound-flow', []]);
  });

  test('an instance alias is unique (whatever its case) and well formed; only CONNECT_MANAGED is offered; a refusal changes nothing', () => {
    const world = new World({ agents: [] });
    eventsOf(createInstance(world, 'i-1', 'office'));
    const before = serialize(world.state);
    assert.equal(rejectionOf(createInstance(world, 'i-2', 'OFFICE')).code, 'DuplicateResource');
    assert.equal(rejectionOf(createInstance(world, 'i-1', 'other')).code, 'DuplicateResource');
    for (const alias of ['-office', 'office-', 'has space', 'a'.repeat(46), '']) assert.equal(rejectionOf(createInstance(world, 'i-2', alias)).code, 'InvalidParameter', alias);
    assert.equal(rejectionOf(createInstance(world, 'i-2', 'saml', { identityManagementType: 'SAML' })).code, 'InvalidParameter');
    assert.equal(rejectionOf(createInstance(world, 'i-2', 'tagged', { tags: { 'aws:x': 'y' } })).code, 'InvalidParameter');
    assert.equal(serialize(world.state), before);
  });

  test('deleting an instance removes it whole, lists the contacts still going, and moves its keys to another instance of the account only', () => {
    const world = new World({ agents: [] });
    eventsOf(createInstance(world, 'i-a', 'a-office'));
    eventsOf(createInstance(world, 'i-b', 'b-office'));
    eventsOf(world.run({ type: 'CreateAccessKey', instanceId: 'i-a', accessKeyId: 'AKIA1', secretAccessKey: 's' }));
    const events = eventsOf(world.run({ type: 'DeleteInstance', instanceId: 'i-a' }));
    assert.deepEqual(typesOf(events), ['AccessKeyCreated', 'InstanceDeleted']);
    assert.equal(world.state.instances.has('i-a'), false);
    assert.equal(world.state.instances.get('i-b')!.accessKeys.get('AKIA1')!.secretAccessKey, 's');
    // The fixture's instance is another account: its keys never move to i-b.
    eventsOf(world.run({ type: 'CreateAccessKey', accessKeyId: 'AKIA2', secretAccessKey: 's2' }));
    const chat = world.startChat('going');
    const deleted = eventsOf(world.run({ type: 'DeleteInstance' }));
    assert.deepEqual(deleted.find((e) => e.type === 'InstanceDeleted'), { type: 'InstanceDeleted', instanceId: world.instanceId, at: world.now, contactIds: [chat.contactId] });
    assert.equal(typesOf(deleted).includes('AccessKeyCreated'), false);
    assert.equal(world.state.instances.get('i-b')!.accessKeys.has('AKIA2'), false);
    assert.equal(rejectionOf(world.run({ type: 'DeleteInstance' })).code, 'ResourceNotFound');
    // Replaying the events rebuilds the same state.
    assert.equal(serialize(replay(world.events, emptyState())), serialize(world.state));
  });
});

describe('telephony settings', () => {
  test('with INBOUND_CALLS false the instance takes no phone call (a web call still comes in); with OUTBOUND_CALLS false it places none', () => {
    const w = new CallWorld({ agents: ['alice'] });
    eventsOf(w.world.run({ type: 'UpdateInstanceAttribute', attributeType: 'INBOUND_CALLS', value: 'false' }));
    const before = serialize(w.world.state);
    const refusedCall = w.world.run({ type: 'StartVoiceContact', contactId: 'c-in', partyId: 'p-in', contactFlowId: w.world.flowId, customerPhoneNumber: '+12065550100', attributes: {} });
    assert.deepEqual([rejectionOf(refusedCall).code, rejectionOf(refusedCall).rule], ['InvalidRequest', 'inbound-calls-off']);
    assert.equal(serialize(w.world.state), before);
    eventsOf(w.world.run({ type: 'StartVoiceContact', contactId: 'c-web', partyId: 'p-web', contactFlowId: w.world.flowId, initiationMethod: 'WEBRTC_API', customerDisplayName: 'Web', attributes: {} }));
    eventsOf(w.world.run({ type: 'UpdateInstanceAttribute', attributeType: 'INBOUND_CALLS', value: 'true' }));
    eventsOf(w.dialIn().decision);
    eventsOf(w.world.run({ type: 'UpdateInstanceAttribute', attributeType: 'OUTBOUND_CALLS', value: 'false' }));
    w.available('alice');
    const out = w.world.run({ type: 'StartOutboundCall', userId: w.world.userId('alice'), contactId: 'c-out', agentPartyId: 'pa', customerPartyId: 'pc', phoneNumber: '+12065550101' });
    assert.equal(rejectionOf(out).rule, 'outbound-calls-off');
    const api = w.world.run({ type: 'StartOutboundVoiceContact', contactId: 'c-api', partyId: 'pp', contactFlowId: w.world.flowId, destinationPhoneNumber: '+12065550102', attributes: {} });
    assert.equal(rejectionOf(api).rule, 'outbound-calls-off');
  });
});

describe('approved origins', () => {
  test('an approved origin is a lower-case http(s) origin with no path', () => {
    for (const good of ['https://shop.example.com', 'http://127.0.0.1:8080', 'https://[::1]:443', 'http://localhost']) assert.equal(checkOrigin(good), undefined, good);
    for (const bad of ['shop.example.com', 'https://shop.example.com/', 'https://Shop.example.com', 'ftp://x.com', 'https://x.com:0', 'https://x.com:65536', 'https://x.com?q']) {
      assert.notEqual(checkOrigin(bad), undefined, bad);
    }
  });

  test('associating an origin twice is a conflict; disassociating one not associated is not found; at most 100', () => {
    const world = new World({ agents: [] });
    eventsOf(world.run({ type: 'AssociateApprovedOrigin', origin: 'https://a.example.com' }));
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'AssociateApprovedOrigin', origin: 'https://a.example.com' })).code, 'ResourceConflict');
    assert.equal(rejectionOf(world.run({ type: 'AssociateApprovedOrigin', origin: 'a.example.com' })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'DisassociateApprovedOrigin', origin: 'https://b.example.com' })).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before);
    for (let i = 1; i < 100; i++) eventsOf(world.run({ type: 'AssociateApprovedOrigin', origin: `https://s${i}.example.com` }));
    assert.equal(rejectionOf(world.run({ type: 'AssociateApprovedOrigin', origin: 'https://one-more.example.com' })).code, 'QuotaExceeded');
    eventsOf(world.run({ type: 'DisassociateApprovedOrigin', origin: 'https://a.example.com' }));
    assert.equal(world.instance.approvedOrigins!.includes('https://a.example.com'), false);
  });
});

describe('phone numbers', () => {
  test('a claimed number is E.164 and claimed by one instance of the server at most; released, it may be claimed again', () => {
    const world = new World({ agents: [] });
    eventsOf(createInstance(world, 'i-2', 'second'));
    const claim = (phoneNumberId: string, phoneNumber: string, instanceId = world.instanceId) => world.run({ type: 'ClaimPhoneNumber', instanceId, phoneNumberId, phoneNumber, description: '', tags: {} });
    eventsOf(claim('n-1', '+14155550100'));
    const before = serialize(world.state);
    assert.equal(rejectionOf(claim('n-2', '+14155550100', 'i-2')).code, 'ResourceConflict');
    assert.equal(rejectionOf(claim('n-1', '+14155550101')).code, 'DuplicateResource');
    for (const bad of ['14155550100', '+0415', '+1', '+1234567890123456', '+1-415']) assert.equal(rejectionOf(claim('n-3', bad)).code, 'InvalidParameter', bad);
    assert.equal(serialize(world.state), before);
    eventsOf(world.run({ type: 'ReleasePhoneNumber', phoneNumberId: 'n-1' }));
    eventsOf(claim('n-2', '+14155550100', 'i-2'));
    assert.equal(rejectionOf(world.run({ type: 'ReleasePhoneNumber', phoneNumberId: 'n-1' })).code, 'ResourceNotFound');
  });

  test('a number runs one inbound (CONTACT_FLOW) flow: a call to it finds that flow; disassociated, none', () => {
    const world = new World({ agents: [] });
    eventsOf(world.run({ type: 'ClaimPhoneNumber', phoneNumberId: 'n-1', phoneNumber: '+12065550100', description: '', tags: {} }));
    const inbound = [...world.instance.flows.values()].find((f) => f.type === 'CONTACT_FLOW')!;
    const queueFlow = [...world.instance.flows.values()].find((f) => f.type === 'CUSTOMER_QUEUE')!;
    assert.equal(rejectionOf(world.run({ type: 'AssociatePhoneNumberContactFlow', phoneNumberId: 'n-1', contactFlowId: queueFlow.id })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'AssociatePhoneNumberContactFlow', phoneNumberId: 'n-1', contactFlowId: 'nope' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'AssociatePhoneNumberContactFlow', phoneNumberId: 'n-2', contactFlowId: inbound.id })).code, 'ResourceNotFound');
    assert.equal(flowForNumber(world.instance, '+12065550100'), undefined);
    eventsOf(world.run({ type: 'AssociatePhoneNumberContactFlow', phoneNumberId: 'n-1', contactFlowId: inbound.id }));
    assert.equal(flowForNumber(world.instance, '+12065550100'), inbound.id);
    assert.equal(flowForNumber(world.instance, '+12065550101'), undefined);
    eventsOf(world.run({ type: 'DisassociatePhoneNumberContactFlow', phoneNumberId: 'n-1' }));
    assert.equal(flowForNumber(world.instance, '+12065550100'), undefined);
  });

  test('a number\'s country comes from its calling code, longest first', () => {
    assert.deepEqual(['+14155550100', '+442071838750', '+353123456', '+35812345', '+99912345'].map(countryOf), ['US', 'GB', 'IE', 'FI', 'ZZ']);
  });
});

describe('tags', () => {
  test('tagging sets the keys given, untagging removes the keys given, on any taggable resource; bad keys, values and counts are refused', () => {
    const world = new World({ agents: ['ann'] });
    const queue = { kind: 'queue' as const, id: world.queueId };
    eventsOf(world.run({ type: 'TagResource', resource: queue, tags: { a: '1', b: '2' } }));
    eventsOf(world.run({ type: 'TagResource', resource: queue, tags: { b: '3' } }));
    eventsOf(world.run({ type: 'UntagResource', resource: queue, tagKeys: ['a', 'zz'] }));
    assert.deepEqual(world.instance.queues.get(world.queueId)!.tags, { b: '3' });
    const user = [...world.instance.users.values()][0]!;
    eventsOf(world.run({ type: 'TagResource', resource: { kind: 'agent', id: user.id }, tags: { t: 'u' } }));
    assert.deepEqual(world.instance.users.get(user.id)!.profile!.tags, { t: 'u' });
    eventsOf(world.run({ type: 'TagResource', resource: { kind: 'instance', id: world.instanceId }, tags: { t: 'i' } }));
    assert.deepEqual(world.instance.tags, { t: 'i' });
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'TagResource', resource: { kind: 'queue', id: 'nope' }, tags: { a: '1' } })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'TagResource', resource: { kind: 'agent-state' as 'queue', id: 'x' }, tags: { a: '1' } })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'TagResource', resource: queue, tags: { 'aws:a': '1' } })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'TagResource', resource: queue, tags: { a: 'x'.repeat(257) } })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'TagResource', resource: queue, tags: {} })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'TagResource', resource: queue, tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UntagResource', resource: queue, tagKeys: [] })).code, 'InvalidParameter');
    assert.equal(serialize(world.state), before);
  });

  test('property: any run of tag and untag commands leaves a resource with the tags a plain map would hold, and replay rebuilds it', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd');
    const op = fc.oneof(
      fc.record({ kind: fc.constant('tag' as const), tags: fc.dictionary(key, fc.string({ maxLength: 3 }), { minKeys: 1 }) }),
      fc.record({ kind: fc.constant('untag' as const), keys: fc.array(key, { minLength: 1, maxLength: 3 }) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
      const world = new World({ agents: [] });
      const resource = { kind: 'contact-flow' as const, id: [...world.instance.flows.keys()][0]! };
      const model = new Map<string, string>();
      for (const o of ops) {
        if (o.kind === 'tag') {
          eventsOf(world.run({ type: 'TagResource', resource, tags: o.tags }));
          for (const [k, v] of Object.entries(o.tags)) model.set(k, v);
        } else {
          eventsOf(world.run({ type: 'UntagResource', resource, tagKeys: o.keys }));
          for (const k of o.keys) model.delete(k);
        }
      }
      assert.deepEqual(world.instance.flows.get(resource.id)!.tags, Object.fromEntries(model));
      assert.equal(serialize(replay(world.events as Event[], emptyState())), serialize(world.state));
    }), { numRuns: 60 });
  });
});
