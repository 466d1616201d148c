import { type FormEvent, useState } from 'react';
import { adoptToken, SignInError, signInDemoUser, signOut, useSession, useSessionNotice } from '../auth/session';

const DEMO_USERS = ['ops', 'staff-lisbon-store', 'alice', 'bob', 'carol'];

/**
 * Who the console's requests go as: a demo user from the development issuer (embedded
 * mode, with the demo password printed at start), or a token pasted from a real identity
 * provider. The headers editor may still name an `authorization` of its own, which then wins.
 */
export function ConsoleSignIn() {
  const session = useSession();
  const ended = useSessionNotice();
  const [user, setUser] = useState('ops');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const attempt = async (signIn: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await signIn();
      setToken('');
      setPassword('');
    } catch (error) {
      setProblem(error instanceof SignInError ? error.message : 'Sign-in failed.');
    }
  };
  const demo = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => signInDemoUser(user, password));
  };
  const pasted = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => Promise.resolve(adoptToken(token.trim())));
  };

  return (
    <div className="console-bar" role="region" aria-label="Sign-in">
      <strong>stockgraph console</strong>
      {session ? (
        <span data-testid="console-identity">
          Requests go as <b>{session.account?.email ?? session.subject}</b> ({session.roles.join(', ') || 'no roles'})
          {session.refreshToken ? null : <>, until {new Date(session.expiresAt).toLocaleTimeString()}</>}.{' '}
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      ) : (
        <>
          <span>Anonymous.</span>
          <form onSubmit={demo}>
            <label>
              Demo user{' '}
              <select value={user} onChange={(event) => setUser(event.target.value)}>
                {DEMO_USERS.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            </label>{' '}
            <label>
              Password{' '}
              <input
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                maxLength={200}
                required
              />
            </label>{' '}
            <button type="submit">Sign in</button>
          </form>
          <form onSubmit={pasted}>
            <label>
              or a token{' '}
              <input
                value={token}
                onChange={(event) => setToken(event.target.value)}
                maxLength={8192}
                placeholder="eyJ…"
              />
            </label>{' '}
            <button type="submit" disabled={!token.trim()}>
              Use
            </button>
          </form>
        </>
      )}
      <span role="alert">{problem ?? (session ? null : ended)}</span>
    </div>
  );
}
