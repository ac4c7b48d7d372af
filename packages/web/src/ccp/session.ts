import type { AgentSession } from '@switchboard/sdk';

/** The agent's session is kept in localStorage, so a reload does not log them out (until it expires). */
const KEY = 'switchboard.agentSession';

export function loadSession(): AgentSession | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    const session = raw ? (JSON.parse(raw) as AgentSession) : undefined;
    return session && Date.parse(session.expiry) > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: AgentSession): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
