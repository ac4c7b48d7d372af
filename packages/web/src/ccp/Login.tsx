import { useState } from 'preact/hooks';
import { loginAgent, type AgentSession } from '@switchboard/sdk';

export function Login({ onLogin }: { onLogin: (session: AgentSession) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await loginAgent({ baseUrl: location.origin, username, password }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="login">
      <form class="card" onSubmit={submit}>
        <h1>Switchboard</h1>
        <p class="muted">Contact Control Panel</p>
        <label>Username<input data-testid="username" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} /></label>
        <label>Password<input data-testid="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} /></label>
        {error && <div class="error" data-testid="login-error">{error}</div>}
        <button class="primary" data-testid="sign-in" disabled={busy || !username || !password}>Sign in</button>
      </form>
    </div>
  );
}
