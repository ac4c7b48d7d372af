import { render } from 'preact';
import { useState } from 'preact/hooks';
import type { AgentSession } from '@switchboard/sdk';
import { Login } from './Login.tsx';
import { Workspace } from './Workspace.tsx';
import { clearSession, loadSession, saveSession } from './session.ts';
import '../shared/styles.css';
import './ccp.css';

function App() {
  const [session, setSession] = useState<AgentSession | undefined>(loadSession());
  if (!session) {
    return <Login onLogin={(s) => { saveSession(s); setSession(s); }} />;
  }
  return <Workspace session={session} onSignOut={() => { clearSession(); setSession(undefined); }} />;
}

render(<App />, document.getElementById('app')!);
