import { useState } from 'preact/hooks';
import { describeError, signIn, type AdminSession } from './api.ts';

/** The console's sign-in: a user's username and password (POST /agent/login), as the CCP's. */
export function Login({ onLogin, error: given }: { onLogin: (session: AdminSession) => void; error?: string | undefined }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(given);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await signIn(username, password));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="login">
      <form class="card" onSubmit={submit}>
        <h1>Switchboard</h1>
        <p class="muted">Admin console</p>
        <label>Username<input data-testid="username" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} /></label>
        <label>Password<input data-testid="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} /></label>
        {error && <div class="error" data-testid="login-error">{error}</div>}
        <button class="primary" data-testid="sign-in" disabled={busy || !username || !password}>Sign in</button>
      </form>
    </div>
  );
}
