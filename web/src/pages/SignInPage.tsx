import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { adoptToken, signInDemoUser, signInWithPassword } from '../auth/session';
import { ErrorNote } from '../components/ErrorNote';
import { InputField } from '../components/InputField';
import { useSignInAttempt } from '../hooks/use-sign-in-attempt';

/** Staff of the development issuer (embedded mode); the demo customers sign in with their accounts (alice@example.com, …). */
const DEMO_STAFF = [
  { user: 'ops', label: 'Operations staff' },
  { user: 'staff-lisbon-store', label: 'Staff of the Lisbon store' },
];

/**
 * `/signin`: an account's email and password first; then, for staff of a demo
 * installation, a demo user with the demo password; or a token from a real identity provider.
 */
export function SignInPage() {
  const attempt = useSignInAttempt();
  const [email, setEmail] = useState(attempt.email);
  const [password, setPassword] = useState('');
  const [user, setUser] = useState('ops');
  const [demoPassword, setDemoPassword] = useState('');
  const [token, setToken] = useState('');

  const withAccount = (event: FormEvent) => {
    event.preventDefault();
    void attempt.run('account', () => signInWithPassword(email, password));
  };
  const asStaff = (event: FormEvent) => {
    event.preventDefault();
    void attempt.run('staff', () => signInDemoUser(user, demoPassword));
  };
  const pasted = (event: FormEvent) => {
    event.preventDefault();
    void attempt.run('token', () => Promise.resolve(adoptToken(token.trim())));
  };
  const signUp = `/sign-up?next=${encodeURIComponent(attempt.next)}`;

  return (
    <section aria-labelledby="sign-in" className="narrow">
      <h1 id="sign-in">Sign in</h1>
      <p>Browsing needs no account; placing an order does.</p>
      <form onSubmit={withAccount} className="form" aria-labelledby="with-account">
        <h2 id="with-account">With your account</h2>
        <ErrorNote message={attempt.problemOf('account')?.message} />
        <InputField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
          maxLength={254}
          required
        />
        <InputField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          maxLength={200}
          required
        />
        <button type="submit" className="button" disabled={attempt.busy}>
          Sign in
        </button>
        <p>
          New here? <Link href={signUp}>Create an account</Link>
        </p>
      </form>
      <form onSubmit={asStaff} className="form" aria-labelledby="as-staff">
        <h2 id="as-staff">Staff sign-in (demo)</h2>
        <p className="muted">The demo password is printed when stockgraph starts.</p>
        <ErrorNote message={attempt.problemOf('staff')?.message} />
        <label className="field">
          <span>Staff member</span>
          <select name="user" value={user} onChange={(event) => setUser(event.target.value)}>
            {DEMO_STAFF.map((staff) => (
              <option key={staff.user} value={staff.user}>
                {staff.label}
              </option>
            ))}
          </select>
        </label>
        <InputField
          label="Demo password"
          type="password"
          name="demo-password"
          autoComplete="current-password"
          value={demoPassword}
          onChange={setDemoPassword}
          maxLength={200}
          required
        />
        <button type="submit" className="button button--secondary" disabled={attempt.busy}>
          Sign in as staff
        </button>
      </form>
      <form onSubmit={pasted} className="form" aria-labelledby="with-token">
        <h2 id="with-token">With a token</h2>
        <ErrorNote message={attempt.problemOf('token')?.message} />
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
        <button type="submit" className="button button--secondary" disabled={attempt.busy}>
          Use this token
        </button>
      </form>
    </section>
  );
}
