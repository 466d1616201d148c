import { type FormEvent, useId, useState } from 'react';
import { Link } from 'wouter';
import { registerAccount } from '../auth/session';
import { ErrorNote } from '../components/ErrorNote';
import { InputField } from '../components/InputField';
import { useSignInAttempt } from '../hooks/use-sign-in-attempt';

/** The accounts API's length bounds (subgraphs/accounts/src/domain/password-rules.ts); the rest it checks itself. */
const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 200;

/** `/sign-up`: a new customer account, signed in at once, then on to `next` like sign-in. */
export function SignUpPage() {
  const attempt = useSignInAttempt();
  const passwordId = useId();
  const rulesId = useId();
  const [email, setEmail] = useState(attempt.email);
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt.run('register', () => registerAccount(email, password, displayName));
  };
  const problem = attempt.problemOf('register');
  const signIn = (withEmail: string) =>
    `/signin?next=${encodeURIComponent(attempt.next)}${withEmail ? `&email=${encodeURIComponent(withEmail.trim())}` : ''}`;

  return (
    <section aria-labelledby="sign-up" className="narrow">
      <h1 id="sign-up">Create an account</h1>
      <p>An account keeps your orders; browsing needs none.</p>
      <form onSubmit={submit} className="form" aria-labelledby="sign-up">
        <ErrorNote message={problem?.message} />
        {problem?.code === 'EMAIL_TAKEN' ? (
          <p>
            <Link href={signIn(email)}>Sign in with {email.trim()}</Link>
          </p>
        ) : null}
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
        <div className="field">
          <label htmlFor={passwordId}>Password</label>
          <input
            id={passwordId}
            type="password"
            name="new-password"
            autoComplete="new-password"
            aria-describedby={rulesId}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            minLength={MIN_PASSWORD_LENGTH}
            maxLength={MAX_PASSWORD_LENGTH}
            required
          />
          <span id={rulesId} className="muted">
            {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters, spaces and any symbols welcome; not a common
            password or your email.
          </span>
        </div>
        <InputField
          label="Display name (optional)"
          type="text"
          name="nickname"
          autoComplete="nickname"
          value={displayName}
          onChange={setDisplayName}
          maxLength={100}
        />
        <button type="submit" className="button" disabled={attempt.busy}>
          Create account
        </button>
        <p>
          Have an account already? <Link href={signIn('')}>Sign in</Link>
        </p>
      </form>
    </section>
  );
}
