/**
 * Clients against a test server: the sdk's agent and customer clients (over the harness's quiet Node
 * WebSocket), and @aws-sdk/client-connect for the demo instance.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { AgentClient, ChatSession, loginAgent, type AgentSession } from '@switchboard/sdk';
import { after, before } from 'node:test';
import { DEMO_PASSWORD, NodeWebSocket, startTestServer, startWidgetChat, type TestServer } from './harness.ts';

/** Logs a demo agent in and connects an AgentClient for them (their CCP socket is open). */
export async function connectAgent(srv: TestServer, username: string): Promise<{ client: AgentClient; session: AgentSession }> {
  const session = await loginAgent({ baseUrl: srv.url, username, password: DEMO_PASSWORD });
  const client = new AgentClient(srv.url, session, { WebSocket: NodeWebSocket });
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw error;
  }
  return { client, session };
}

/** Starts a chat through the widget and connects a customer ChatSession to it. */
export async function connectCustomer(srv: TestServer, name: string): Promise<ChatSession> {
  const chat = await startWidgetChat(srv, name);
  const session = new ChatSession({
    endpoint: srv.url,
    details: { contactId: chat.ContactId, participantId: chat.ParticipantId, participantToken: chat.ParticipantToken },
    WebSocket: NodeWebSocket,
  });
  try {
    await session.connect();
  } catch (error) {
    session.close();
    throw error;
  }
  return session;
}

/** An @aws-sdk/client-connect client for the demo instance, signing with its access key. */
export function demoConnectClient(srv: TestServer, options: { maxAttempts?: number } = {}): ConnectClient {
  return new ConnectClient({
    endpoint: srv.url,
    region: srv.demo.region,
    credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey },
    ...options,
  });
}

/**
 * A test server (startTestServer with `options`) and a Connect client signed with the demo instance's key,
 * started before the suite's tests and stopped after them; `take` receives them each time they start.
 * `restart()` stops the server, keeping its data directory, and starts it again on the same data.
 */
export function withConnectApi(
  take: (api: { srv: TestServer; connect: ConnectClient; instanceId: string }) => void,
  options?: Parameters<typeof startTestServer>[0],
): { restart(): Promise<void> } {
  let api: { srv: TestServer; connect: ConnectClient; instanceId: string } | undefined;
  const start = async (opts: Parameters<typeof startTestServer>[0]) => {
    const srv = await startTestServer(opts);
    api = { srv, connect: demoConnectClient(srv, { maxAttempts: 1 }), instanceId: srv.demo.instanceId };
    take(api);
  };
  before(() => start(options));
  after(async () => {
    api?.connect.destroy();
    await api?.srv.stop();
  });
  return {
    async restart() {
      const { srv, connect } = api!;
      connect.destroy();
      await srv.stop({ keepDir: true });
      await start({ ...options, dir: srv.dir });
    },
  };
}
