import { type FormEvent, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { adoptToken, SignInError, signInDemoUser } from '../auth/session';
import { safeNextPath } from '../hooks/safe-next-path';
import { ErrorNote } from '../components/ErrorNote';

/** Demo users of the development issuer (embedded mode), by who they are. */
const DEMO_USERS = [
  { user: 'alice', label: 'Alice (customer)' },
  { user: 'bob', label: 'Bob (customer)' },
  { user: 'carol', label: 'Carol (customer)' },
  { user: 'ops', label: 'Operations staff' },
];

/** Sign-in: a demo user from the development issuer, or a token from a real identity provider. */
export function SignInPage() {
  const [, navigate] = useLocation();
  const next = safeNextPath(new URLSearchParams(useSearch()).get('next'));
  const [user, setUser] = useState('alice');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (signIn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await signIn();
      navigate(next);
    } catch (caught) {
      setError(caught instanceof SignInError ? caught.message : 'Sign-in failed. Try again.');
    } finally {
      setBusy(false);
    }
  };
  const demo = (event: FormEvent) => {
    event.preventDefault();
    void run(() => signInDemoUser(user));
  };
  const pasted = (event: FormEvent) => {
    event.preventDefault();
    void run(() => Promise.resolve(adoptToken(token.trim())));
  };

  return (
    <section aria-labelledby="sign-in" className="narrow">
      <h1 id="sign-in">Sign in</h1>
      <p>Browsing needs no account; placing an order does.</p>
      <ErrorNote message={error} />
      <form onSubmit={demo} className="form">
        <h2>Demo account</h2>
        <label className="field">
          <span>Sign in as</span>
          <select name="user" value={user} onChange={(event) => setUser(event.target.value)}>
            {DEMO_USERS.map((demoUser) => (
              <option key={demoUser.user} value={demoUser.user}>
                {demoUser.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={busy}>
          Sign in
        </button>
      </form>
      <form onSubmit={pasted} className="form">
        <h2>With a token</h2>
        <label className="field">
          <span>Access token from your identity provider</span>
          <textarea
            name="token"
            rows={3}
            value={token}
            onChange={(event) => setToken(event.target.value)}
            maxLength={8192}
            required
          />
        </label>
        <button type="submit" className="button button--secondary" disabled={busy}>
          Use this token
        </button>
      </form>
    </section>
  );
}
