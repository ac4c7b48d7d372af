/**
 * Seed 000's hearing rules, audible: every party of a call is a werift peer sending its own tone, and
 * after each step (hold, mute, add, Join, Swap, Hold all) what each party actually heard must equal the
 * engine's hearing matrix — and the rule the step illustrates is spelled out too. Three-party and
 * multi-party mode (six parties).
 */
import { after, before, describe, test } from 'node:test';
import { ConferenceRig } from './conferenceAudio.ts';

describe('hearing in a six-party call (multi-party mode)', () => {
  let rig: ConferenceRig;
  before(async () => { rig = await ConferenceRig.start(true); });
  after(async () => { await rig?.close(); });

  test('the caller and the agent who answered hear each other', async () => {
    await rig.answeredCall();
    await rig.checkHearing({ caller: ['agent1'], agent1: ['caller'] });
  });

  test('while agent1 consults an added agent, the caller is on hold and hears no one; the two agents talk', async () => {
    await rig.addAgent('agent1', 'agent2');
    await rig.checkHearing({ caller: [], agent1: ['agent2'], agent2: ['agent1'] });
  });

  test('Join: all three hear each other', async () => {
    await rig.agent('agent1').join(rig.leg('agent1'));
    await rig.checkHearing({ caller: ['agent1', 'agent2'], agent1: ['agent2', 'caller'], agent2: ['agent1', 'caller'] });
  });

  test('six parties joined: everyone hears the five others', async () => {
    await rig.addAgent('agent2', 'agent3');
    await rig.agent('agent2').join(rig.leg('agent2'));
    await rig.addAgent('agent3', 'agent4');
    await rig.agent('agent3').join(rig.leg('agent3'));
    await rig.addExternal('agent1');
    await rig.agent('agent1').join(rig.leg('agent1'));
    const everyone = ['caller', 'agent1', 'agent2', 'agent3', 'agent4', 'external'];
    await rig.checkHearing(Object.fromEntries(everyone.map((p) => [p, everyone.filter((o) => o !== p)])));
  });

  test('secondary agents on hold cannot hear or talk to each other (nor anyone else)', async () => {
    await rig.agent('agent1').hold(rig.leg('agent1'), rig.id('agent2'));
    await rig.agent('agent1').hold(rig.leg('agent1'), rig.id('agent3'));
    await rig.checkHearing({ agent2: [], agent3: [], caller: ['agent1', 'agent4', 'external'] });
  });

  test('any agent can mute any participant: nobody hears the muted party, who still hears everyone', async () => {
    await rig.agent('agent4').mute(rig.leg('agent4'), rig.id('external'));
    await rig.checkHearing({ caller: ['agent1', 'agent4'], external: ['agent1', 'agent4', 'caller'] });
  });

  test('Hold all: everyone but the agent is on hold, and the agent hears no one', async () => {
    await rig.agent('agent4').holdAll(rig.leg('agent4'));
    await rig.checkHearing({ agent4: [], caller: [], agent1: [] });
  });

  test('Join takes everyone off hold; the muted party stays muted', async () => {
    await rig.agent('agent4').join(rig.leg('agent4'));
    await rig.checkHearing({ caller: ['agent1', 'agent2', 'agent3', 'agent4'] });
  });
});

describe('hearing in a three-party call', () => {
  let rig: ConferenceRig;
  before(async () => { rig = await ConferenceRig.start(false); });
  after(async () => { await rig?.close(); });

  test('the primary agent consults a second agent: the caller waits on hold, the agents talk', async () => {
    await rig.answeredCall();
    await rig.addAgent('agent1', 'agent2');
    await rig.checkHearing({ caller: [], agent1: ['agent2'], agent2: ['agent1'] });
  });

  test('Swap: the primary agent talks to the caller while the second agent waits on hold', async () => {
    await rig.agent('agent1').swap(rig.leg('agent1'));
    await rig.checkHearing({ caller: ['agent1'], agent1: ['caller'], agent2: [] });
  });

  test('Join: all three talk', async () => {
    await rig.agent('agent1').join(rig.leg('agent1'));
    await rig.checkHearing({ caller: ['agent1', 'agent2'], agent1: ['agent2', 'caller'], agent2: ['agent1', 'caller'] });
  });

  test('the secondary agent can talk to the primary agent while the caller is on hold', async () => {
    await rig.agent('agent1').hold(rig.leg('agent1'), rig.id('caller'));
    await rig.checkHearing({ caller: [], agent1: ['agent2'], agent2: ['agent1'] });
  });

  test('each agent mutes only themselves: the muted agent is heard by no one and still hears', async () => {
    await rig.agent('agent1').resume(rig.leg('agent1'), rig.id('caller'));
    await rig.agent('agent2').mute(rig.leg('agent2'), rig.id('agent2'));
    await rig.checkHearing({ caller: ['agent1'], agent1: ['caller'], agent2: ['agent1', 'caller'] });
  });
});
