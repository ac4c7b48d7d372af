import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, clearSession, describeError, loadSession, saveSession, type AdminSession, type Me } from './api.ts';
import { Login } from './Login.tsx';
import { Shell } from './Shell.tsx';
import '../shared/styles.css';
import './admin.css';

/** Signed out: the sign-in form. Signed in: who the user is (GET /admin/me), then the console. */
function App() {
  const [session, setSession] = useState<AdminSession | undefined>(loadSession());
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  const api = useMemo(() => session && new Api(session), [session]);
  useEffect(() => {
    setMe(undefined);
    setError(undefined);
    if (!session) return;
    new Api(session).me().then(setMe, (e) => {
      // An ended or expired session: sign in again.
      clearSession();
      setSession(undefined);
      setError(describeError(e));
    });
  }, [session]);
  const signOut = async () => {
    if (session) await new Api(session).signOut().catch(() => undefined);
    clearSession();
    setSession(undefined);
  };
  if (!session) return <Login error={error} onLogin={(s) => { saveSession(s); setSession(s); }} />;
  if (!me || !api) return <p class="muted loading">Loading…</p>;
  return <Shell api={api} me={me} onSignOut={signOut} />;
}

render(<App />, document.getElementById('app')!);
