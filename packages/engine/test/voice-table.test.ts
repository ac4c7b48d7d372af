/**
 * Seed 000's comparison table of three-party and multi-party calls, row by row, in both modes:
 * three-party is the default, multi-party is the instance attribute MULTI_PARTY_CONFERENCE = "true".
 * "Primary agent" = the first agent on the call (alice here); "secondary" = any other agent.
 * Every refusal is checked by the rule it names. Seed 000's other rules (adding, Join, Swap, when the
 * call ends, transfer) are in voice-table-more.test.ts.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { INTERNAL_TRANSFER, hearingMatrix } from '../src/index.ts';
import { CallWorld, EXTERNAL, eventsOf, ruleOf } from './callFixtures.ts';

const three = () => new CallWorld();
const multi = () => new CallWorld({ multiParty: true });

/** Does `listener` hear `speaker` (by role or name)? */
function hearsOf(w: CallWorld, callId: string, listener: string, speaker: string): boolean {
  return (hearingMatrix(w.call(callId))[w.party(callId, listener).id] ?? []).includes(w.party(callId, speaker).id);
}

describe('seed 000 table: call control (hold, resume, disconnect)', () => {
  test('three-party: an agent can hold, resume and disconnect only the parties they added', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    // Bob, the secondary agent, controls nobody: not the caller, not alice.
    for (const who of ['caller', 'alice']) assert.equal(ruleOf(w.control('bob', callId, 'hold', who)), 'three-party-only-the-controlling-agent-controls-parties');
    assert.equal(ruleOf(w.control('bob', callId, 'disconnect', 'caller')), 'three-party-only-the-primary-disconnects-parties');
    eventsOf(w.control('alice', callId, 'hold', 'caller'));
    assert.equal(ruleOf(w.control('bob', callId, 'resume', 'caller')), 'three-party-only-the-controlling-agent-controls-parties');
    // Alice controls the party she added (and the caller she took).
    eventsOf(w.control('alice', callId, 'resume', 'caller'));
    eventsOf(w.control('alice', callId, 'hold', 'bob'));
    assert.equal(w.stateOf(callId, 'bob'), 'hold');
    eventsOf(w.control('alice', callId, 'resume', 'bob'));
    eventsOf(w.control('alice', callId, 'disconnect', 'bob'));
    assert.equal(w.stateOf(callId, 'bob'), 'disconnected');
    assert.ok(!w.ended(callId));
  });

  test('multi-party: all agents have the same call control capabilities', () => {
    const w = multi();
    const { callId } = w.conference(['bob']);
    const external = w.addExternal('alice', callId);
    eventsOf(w.control('alice', callId, 'join'));
    // Bob holds, resumes and disconnects the party alice added, the caller and alice herself.
    for (const who of [external.id, 'caller', 'alice']) {
      eventsOf(w.control('bob', callId, 'hold', who));
      assert.equal(w.stateOf(callId, who), 'hold');
      eventsOf(w.control('bob', callId, 'resume', who));
      assert.equal(w.stateOf(callId, who), 'connected');
    }
    eventsOf(w.control('bob', callId, 'disconnect', external.id));
    assert.equal(w.stateOf(callId, external.id), 'disconnected');
    // An agent still being dialled has no control yet: it starts the moment they accept.
    w.available('carol');
    eventsOf(w.add('bob', callId, 'carol'));
    assert.equal(ruleOf(w.control('carol', callId, 'hold', 'caller')), 'only-agents-on-the-call-control-it');
  });
});

describe('seed 000 table: how many parties', () => {
  test('three-party: an agent can add one other participant; a fourth party is refused', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    assert.equal(ruleOf(w.add('alice', callId, 'carol')), 'three-party-at-most-three-parties');
    assert.equal(ruleOf(w.add('alice', callId, EXTERNAL)), 'three-party-at-most-three-parties');
    // The secondary agent cannot add at all.
    assert.equal(ruleOf(w.add('bob', callId, EXTERNAL)), 'three-party-only-the-controlling-agent-controls-parties');
    eventsOf(w.control('alice', callId, 'disconnect', 'bob'));
    w.addExternal('alice', callId);
    assert.equal(w.call(callId).parties.filter((p) => p.state !== 'disconnected').length, 3);
  });

  test('multi-party: any agent can add participants up to six in all; a seventh party is refused', () => {
    const w = multi();
    const { callId } = w.conference(['bob']);
    // Bob (secondary) adds carol, carol adds dave, dave adds an external party: six with alice and the caller.
    w.addAgent('bob', callId, 'carol');
    eventsOf(w.control('bob', callId, 'join'));
    w.addAgent('carol', callId, 'dave');
    eventsOf(w.control('carol', callId, 'join'));
    w.addExternal('dave', callId);
    eventsOf(w.control('dave', callId, 'join'));
    assert.equal(w.call(callId).parties.filter((p) => p.state !== 'disconnected').length, 6);
    assert.equal(ruleOf(w.add('alice', callId, 'erin')), 'multi-party-at-most-six-parties');
    assert.equal(ruleOf(w.add('bob', callId, '+12065550142')), 'multi-party-at-most-six-parties');
    // A transfer is one step (the transferring agent's leg ends as the new party is dialled): it never makes seven.
    w.available('erin');
    eventsOf(w.transfer('carol', callId, 'erin'));
    assert.equal(w.call(callId).parties.filter((p) => p.state !== 'disconnected').length, 6);
  });

  test('three-party: a party cannot be added once the caller has dropped', () => {
    // Seed 000's note about adding after the caller drops is a multi-party feature; three-party adds need the caller.
    const w = three();
    const { callId } = w.conference(['bob']);
    eventsOf(w.callerHangsUp(callId));
    assert.ok(!w.ended(callId), 'two agents stay on the line');
    assert.equal(ruleOf(w.add('alice', callId, EXTERNAL)), 'three-party-add-needs-the-caller');
  });

  test('multi-party: with three or more participants agents can add participants after the caller dropped', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    eventsOf(w.callerHangsUp(callId));
    assert.ok(!w.ended(callId));
    w.addExternal('bob', callId);
    eventsOf(w.control('bob', callId, 'join'));
    // With two left (and no caller) no more.
    eventsOf(w.control('alice', callId, 'disconnect', 'external'));
    eventsOf(w.control('carol', callId, 'disconnect'));
    assert.equal(ruleOf(w.add('alice', callId, EXTERNAL)), 'multi-party-add-after-caller-left-needs-three');
  });
});

describe('seed 000 table: hold', () => {
  test('three-party: an agent can put only the party they added on hold', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    assert.equal(ruleOf(w.control('bob', callId, 'hold', 'caller')), 'three-party-only-the-controlling-agent-controls-parties');
    assert.equal(ruleOf(w.control('bob', callId, 'hold', 'alice')), 'three-party-only-the-controlling-agent-controls-parties');
    assert.equal(ruleOf(w.control('alice', callId, 'hold', 'alice')), 'three-party-hold-only-parties-you-added');
    eventsOf(w.control('alice', callId, 'hold', 'bob'));
    assert.equal(ruleOf(w.control('alice', callId, 'hold', 'bob')), 'hold-only-connected-parties');
  });

  test('multi-party: any agent can put any party on hold', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    for (const [agent, who] of [['carol', 'caller'], ['carol', 'alice'], ['bob', 'carol'], ['bob', 'bob']] as const) {
      eventsOf(w.control(agent, callId, 'hold', who));
      assert.equal(w.stateOf(callId, who), 'hold', `${agent} held ${who}`);
    }
  });
});

describe('seed 000 table: taking oneself off hold', () => {
  test('three-party: when the primary agent places a secondary agent on hold, the secondary cannot take themselves off hold', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    eventsOf(w.control('alice', callId, 'hold', 'bob'));
    assert.equal(ruleOf(w.control('bob', callId, 'resume', 'bob')), 'three-party-held-secondary-cannot-resume-themselves');
    assert.equal(w.stateOf(callId, 'bob'), 'hold');
    eventsOf(w.control('alice', callId, 'resume', 'bob'));
    assert.equal(w.stateOf(callId, 'bob'), 'connected');
  });

  test('multi-party: any agent on the call can take themselves off hold', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    eventsOf(w.control('alice', callId, 'hold', 'bob'));
    eventsOf(w.control('bob', callId, 'resume', 'bob'));
    assert.equal(w.stateOf(callId, 'bob'), 'connected');
    eventsOf(w.control('alice', callId, 'hold', 'alice'));
    eventsOf(w.control('alice', callId, 'resume', 'alice'));
    assert.equal(w.stateOf(callId, 'alice'), 'connected');
  });
});

describe('seed 000 table: talking during hold', () => {
  test('three-party: the secondary agent can talk to the primary agent while the caller is on hold', () => {
    const w = three();
    const { callId } = w.answeredCall('alice');
    w.addAgent('alice', callId, 'bob');
    assert.equal(w.stateOf(callId, 'caller'), 'hold');
    assert.ok(hearsOf(w, callId, 'bob', 'alice') && hearsOf(w, callId, 'alice', 'bob'));
    assert.ok(!hearsOf(w, callId, 'caller', 'alice') && !hearsOf(w, callId, 'alice', 'caller'));
    // After Join, alice holds the caller again: the two agents still talk.
    eventsOf(w.control('alice', callId, 'join'));
    eventsOf(w.control('alice', callId, 'hold', 'caller'));
    assert.ok(hearsOf(w, callId, 'bob', 'alice') && hearsOf(w, callId, 'alice', 'bob'));
  });

  test('multi-party: secondary agents on hold cannot hear or talk to each other until taken off hold', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    eventsOf(w.control('alice', callId, 'hold', 'bob'));
    eventsOf(w.control('alice', callId, 'hold', 'carol'));
    assert.ok(!hearsOf(w, callId, 'bob', 'carol') && !hearsOf(w, callId, 'carol', 'bob'));
    assert.deepEqual(hearingMatrix(w.call(callId))[w.party(callId, 'bob').id], []);
    assert.ok(!hearsOf(w, callId, 'caller', 'bob'));
    eventsOf(w.control('carol', callId, 'resume', 'carol'));
    eventsOf(w.control('bob', callId, 'resume', 'bob'));
    assert.ok(hearsOf(w, callId, 'bob', 'carol') && hearsOf(w, callId, 'carol', 'bob'));
  });
});

describe('seed 000 table: mute and unmute', () => {
  test('three-party: each agent can mute only themselves', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    assert.equal(ruleOf(w.control('alice', callId, 'mute', 'bob')), 'three-party-agents-mute-only-themselves');
    assert.equal(ruleOf(w.control('alice', callId, 'mute', 'caller')), 'three-party-agents-mute-only-themselves');
    assert.equal(ruleOf(w.control('bob', callId, 'mute', 'alice')), 'three-party-agents-mute-only-themselves');
    eventsOf(w.control('bob', callId, 'mute', 'bob'));
    assert.ok(!hearsOf(w, callId, 'caller', 'bob') && !hearsOf(w, callId, 'alice', 'bob'));
    assert.ok(hearsOf(w, callId, 'bob', 'caller'), 'a muted party still hears');
    eventsOf(w.control('alice', callId, 'mute'));
    assert.ok(w.party(callId, 'alice').muted);
  });

  test('multi-party: any agent can mute any participant', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    for (const [agent, who] of [['bob', 'caller'], ['bob', 'alice'], ['carol', 'bob'], ['carol', 'carol']] as const) {
      eventsOf(w.control(agent, callId, 'mute', who));
      assert.ok(w.party(callId, who).muted, `${agent} muted ${who}`);
      assert.ok(!hearsOf(w, callId, who === 'alice' ? 'caller' : 'alice', who), `nobody hears ${who}`);
    }
    assert.equal(ruleOf(w.control('alice', callId, 'mute', 'bob')), 'mute-only-unmuted-parties');
  });

  test('three-party: an agent can only unmute themselves, not another agent', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    eventsOf(w.control('bob', callId, 'mute'));
    assert.equal(ruleOf(w.control('alice', callId, 'unmute', 'bob')), 'only-the-participant-unmutes-themselves');
    eventsOf(w.control('bob', callId, 'unmute'));
    assert.ok(!w.party(callId, 'bob').muted);
    assert.equal(ruleOf(w.control('bob', callId, 'unmute')), 'unmute-only-muted-parties');
  });

  test('multi-party: any agent can mute any participant; only the participant can unmute themselves', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    eventsOf(w.control('bob', callId, 'mute', 'carol'));
    eventsOf(w.control('bob', callId, 'mute', 'caller'));
    for (const agent of ['alice', 'bob']) assert.equal(ruleOf(w.control(agent, callId, 'unmute', 'carol')), 'only-the-participant-unmutes-themselves');
    assert.equal(ruleOf(w.control('alice', callId, 'unmute', 'caller')), 'only-the-participant-unmutes-themselves');
    eventsOf(w.control('carol', callId, 'unmute'));
    // The caller unmutes themselves from their phone.
    eventsOf(w.phone(callId, w.party(callId, 'caller').id, 'unmute'));
    assert.ok(!w.party(callId, 'carol').muted && !w.party(callId, 'caller').muted);
  });
});

describe('seed 000 table: when an agent disconnects', () => {
  test('three-party: when an agent disconnects call control passes to the remaining agent', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    eventsOf(w.control('alice', callId, 'disconnect'));
    assert.ok(!w.ended(callId));
    eventsOf(w.control('bob', callId, 'hold', 'caller'));
    eventsOf(w.control('bob', callId, 'resume', 'caller'));
    w.addExternal('bob', callId);
    eventsOf(w.control('bob', callId, 'join'));
    eventsOf(w.control('bob', callId, 'disconnect', 'external'));
  });

  test('multi-party: when an agent disconnects call control passes to the remaining agents', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    eventsOf(w.control('alice', callId, 'disconnect'));
    for (const agent of ['bob', 'carol']) {
      eventsOf(w.control(agent, callId, 'hold', 'caller'));
      eventsOf(w.control(agent, callId, 'resume', 'caller'));
    }
    eventsOf(w.control('carol', callId, 'disconnect', 'bob'));
    assert.equal(w.stateOf(callId, 'carol'), 'connected');
    assert.ok(!w.ended(callId));
  });
});

describe('seed 000 table: who can disconnect whom', () => {
  test('three-party: only the primary agent can disconnect a party; the secondary can disconnect the caller only after the primary disconnected', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    assert.equal(ruleOf(w.control('bob', callId, 'disconnect', 'caller')), 'three-party-only-the-primary-disconnects-parties');
    assert.equal(ruleOf(w.control('bob', callId, 'disconnect', 'alice')), 'three-party-only-the-primary-disconnects-parties');
    eventsOf(w.control('alice', callId, 'disconnect'));
    eventsOf(w.control('bob', callId, 'disconnect', 'caller'));
    assert.ok(w.ended(callId), 'bob alone: the call ends');
  });

  test('multi-party: all agents can disconnect any other party, even before a warm transfer is complete', () => {
    const w = multi();
    const { callId } = w.answeredCall('alice');
    // Alice consults bob (the caller on hold); before Join, bob takes the caller off hold and disconnects alice.
    w.addAgent('alice', callId, 'bob');
    eventsOf(w.control('bob', callId, 'resume', 'caller'));
    assert.ok(hearsOf(w, callId, 'bob', 'caller'));
    eventsOf(w.control('bob', callId, 'disconnect', 'alice'));
    assert.equal(w.stateOf(callId, 'alice'), 'disconnected');
    assert.equal(w.world.contact(callId).disconnectReason, 'AGENT_DISCONNECT');
    assert.ok(!w.ended(callId));
    assert.ok(hearsOf(w, callId, 'caller', 'bob'));
  });
});

describe('seed 000 table: the connections an agent sees', () => {
  const others = (w: CallWorld, agent: string, callId: string) => w.connections(agent, callId).filter((c) => !c.isOwn);

  test('three-party: the primary sees two connections, the secondary only the transfer connection (Internal transfer)', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    const primary = others(w, 'alice', callId);
    assert.deepEqual(primary.map((c) => c.connectionId), [w.party(callId, 'caller').id, w.party(callId, 'bob').id]);
    const secondary = others(w, 'bob', callId);
    assert.deepEqual(secondary.map((c) => [c.connectionId, c.endpoint.name]), [[w.party(callId, 'alice').id, INTERNAL_TRANSFER]]);
  });

  test('multi-party: all agents see all connections', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    w.addExternal('carol', callId);
    for (const agent of ['alice', 'bob', 'carol']) {
      const seen = others(w, agent, callId).map((c) => c.connectionId).sort();
      const expected = w.call(callId).parties.filter((p) => p.userId !== w.world.userId(agent)).map((p) => p.id).sort();
      assert.deepEqual(seen, expected, `${agent} sees everyone`);
    }
  });

  test('three-party: an agent sees only Internal transfer for another agent', () => {
    const w = three();
    const { callId } = w.conference(['bob']);
    const bob = others(w, 'alice', callId).find((c) => c.connectionId === w.party(callId, 'bob').id)!;
    assert.equal(bob.endpoint.name, INTERNAL_TRANSFER);
    assert.equal(bob.quickConnectName, undefined);
    assert.equal(bob.quickConnectId, undefined);
  });

  test('multi-party agents see the quick connect name of other agents', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    for (const viewer of ['alice', 'carol']) {
      const bob = others(w, viewer, callId).find((c) => c.connectionId === w.party(callId, 'bob').id)!;
      assert.equal(bob.endpoint.name, 'Bob');
      assert.equal(bob.quickConnectName, 'Bob');
      assert.equal(bob.quickConnectId, w.qc.bob);
    }
    // The primary agent came from the queue, not a quick connect: the others see her name.
    const alice = others(w, 'bob', callId).find((c) => c.connectionId === w.party(callId, 'alice').id)!;
    assert.equal(alice.endpoint.name, w.world.user('alice').firstName || 'alice');
  });
});

describe('seed 000 table: adding while a party is being dialled', () => {
  test('three-party: not applicable — while a party is dialled the call already holds three parties', () => {
    const w = three();
    const { callId } = w.answeredCall('alice');
    eventsOf(w.add('alice', callId, EXTERNAL));
    assert.equal(w.stateOf(callId, 'external'), 'connecting');
    assert.equal(ruleOf(w.add('alice', callId, 'bob')), 'three-party-at-most-three-parties');
  });

  test('multi-party: while a party is being dialled no other party can be added', () => {
    const w = multi();
    const { callId } = w.conference(['bob']);
    eventsOf(w.add('alice', callId, EXTERNAL));
    // Bob takes himself off hold (any agent can) but may not add while the dial is under way.
    eventsOf(w.control('bob', callId, 'resume', 'bob'));
    assert.equal(ruleOf(w.add('bob', callId, 'carol')), 'multi-party-no-add-while-dialling');
    assert.equal(ruleOf(w.add('alice', callId, '+12065550142')), 'multi-party-no-add-while-dialling');
    // The dial fails (declined): adding works again.
    eventsOf(w.phone(callId, w.party(callId, 'external').id, 'decline'));
    w.addExternal('alice', callId, '+12065550142');
    eventsOf(w.control('alice', callId, 'join'));
    w.addAgent('bob', callId, 'carol');
    assert.equal(w.stateOf(callId, 'carol'), 'connected');
  });
});
