/**
 * The suite the multi-party API tests run in: a real server with agent1..agent5 connected through the
 * sdk's AgentClient, a Connect client, and the steps the tests take (an agent Available alone, a chat
 * accepted, an agent invited through a quick connect endpoint, everything settled after a test).
 */
import { after, before } from 'node:test';
import type { ConnectClient } from '@aws-sdk/client-connect';
import type { AgentClient, ChatItemView, ChatSession, QuickConnectEndpoint } from '@switchboard/sdk';
import { statusControl, startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer, demoConnectClient } from './sdkClients.ts';

export const AGENTS = ['agent1', 'agent2', 'agent3', 'agent4', 'agent5'] as const;
export type AgentName = (typeof AGENTS)[number];
export const READ = 'application/vnd.amazonaws.connect.event.message.read';
export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Registers the suite's hooks in the calling describe (before all: the server, the Connect client and
 * the five agents, handed to `onStart`; after all: everything closed) and returns its steps.
 */
export function multiPartySuite(onStart: (started: { srv: TestServer; connect: ConnectClient }) => void) {
  let srv: TestServer;
  let connect: ConnectClient;
  const clients = new Map<AgentName, AgentClient>();
  /** Chat items each agent's socket received (webSocket::all_message). */
  const received = new Map<AgentName, ChatItemView[]>();
  const sessions: ChatSession[] = [];
  /** The demo's quick connects as getQuickConnects gives them, by name (Agent1..Agent5, BasicQueue). */
  let endpoints: Map<string, QuickConnectEndpoint>;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    for (const name of AGENTS) {
      const { client } = await connectAgent(srv, name);
      const items: ChatItemView[] = [];
      client.onChatItem((item) => items.push(item));
      clients.set(name, client);
      received.set(name, items);
    }
    endpoints = new Map((await agent('agent1').getQuickConnects()).map((e) => [e.name, e]));
    onStart({ srv, connect });
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    for (const s of sessions) s.close();
    connect.destroy();
    await srv.stop();
  });

  const instance = () => srv.services.state.instances.get(srv.demo.instanceId)!;
  const agent = (name: AgentName) => clients.get(name)!;
  const { setStatus, only } = statusControl(() => srv, AGENTS, agent);
  const user = (name: AgentName) => instance().users.get(userIdOf(srv, name))!;
  const stateOf = (name: AgentName, contactId: string) => user(name).contacts.get(contactId)?.state;
  const endpoint = (name: string) => {
    const e = endpoints.get(name);
    if (!e) throw new Error(`no quick connect ${name}`);
    return e;
  };
  const transferFlowId = () => [...instance().flows.values()].find((f) => f.name === 'Default agent transfer')!.id;
  const quickConnectArn = (id: string) => `${srv.demo.instanceArn}/transfer-destination/${id}`;

  async function customer(name: string): Promise<ChatSession> {
    const session = await connectCustomer(srv, name);
    sessions.push(session);
    return session;
  }

  async function accept(name: AgentName, contactId: string): Promise<void> {
    await waitFor(() => stateOf(name, contactId) === 'incoming', 3000, `the offer to ${name}`);
    await agent(name).accept(contactId);
    await waitFor(() => stateOf(name, contactId) === 'connected', 3000, `${name} connected`);
  }

  /** A chat the named agent (the only one Available) accepted. */
  async function chatWith(name: AgentName, customerName: string): Promise<{ chat: ChatSession; contactId: string }> {
    await only(name);
    const chat = await customer(customerName);
    const contactId = chat.details.contactId;
    await accept(name, contactId);
    return { chat, contactId };
  }

  /** `inviter` adds `invitee` (made Available) through an endpoint; the invitee accepts. */
  async function invite(inviter: AgentName, invitee: AgentName, contactId: string, by: Pick<QuickConnectEndpoint, 'id'> | Pick<QuickConnectEndpoint, 'endpointARN'>): Promise<void> {
    await setStatus(invitee, 'Available');
    await agent(inviter).addParticipant(contactId, by);
    await accept(invitee, contactId);
  }

  /** Ends every chat still going, clears every agent's contacts and sets everyone Offline. */
  async function settle(): Promise<void> {
    for (const name of AGENTS) await setStatus(name, 'Offline');
    for (const contact of instance().contacts.values()) {
      if (contact.status !== 'ended') await srv.services.pipeline.submit({ type: 'StopContact', instanceId: instance().id, contactId: contact.id });
    }
    await srv.services.pipeline.settled();
    for (const name of AGENTS) {
      for (const [contactId, held] of [...user(name).contacts]) {
        if (held.state === 'incoming') await agent(name).reject(contactId);
        else await agent(name).clear(contactId);
      }
      await waitFor(() => user(name).contacts.size === 0, 3000, `${name} cleared`);
    }
  }

  return { received, instance, agent, setStatus, user, stateOf, endpoint, transferFlowId, quickConnectArn, accept, chatWith, invite, settle };
}
