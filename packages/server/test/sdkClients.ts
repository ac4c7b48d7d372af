/**
 * Clients against a test server: the sdk's agent and customer clients (over the harness's quiet Node
 * WebSocket), and @aws-sdk/client-connect for the demo instance.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { AgentClient, ChatSession, loginAgent, type AgentSession } from '@switchboard/sdk';
import { DEMO_PASSWORD, NodeWebSocket, startWidgetChat, type TestServer } from './harness.ts';

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
