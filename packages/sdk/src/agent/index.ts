export { AgentClient, AGENT_SESSION_ENDED_CLOSE, loginAgent, logoutAgent, type AgentSession, type QuickConnectEndpoint, type Endpoint } from './agentClient.ts';
export { ApiRequestError } from '../http.ts';
export type { AgentSnapshot, ContactView, ConnectionView, AgentStateView, AgentConfigurationView, ChatItemView, AgentChatItemView, VisibleToView } from '@switchboard/engine';
export { OFFER_TIMEOUT_MS } from '@switchboard/engine';
export { PERMISSION } from '@switchboard/engine';
