import { ApolloError, useMutation } from '@apollo/client';
import { type FormEvent, useId, useState } from 'react';
import { graphql } from './gql';
import { setTillToken } from './till-session';

const SIGN_IN = graphql(`
  mutation TillSignIn($cashier: String!, $pin: String!) {
    tillSignIn(cashier: $cashier, pin: $pin) {
      token
      cashier
      expiresAt
    }
  }
`);

function signInSentence(error: unknown): string {
  if (!(error instanceof ApolloError) || error.networkError)
    return 'The store service did not answer. Check the till’s connection to the shop’s server and try again.';
  const first = error.graphQLErrors[0];
  switch (first?.extensions?.code) {
    case 'INVALID_CREDENTIALS':
      return 'That cashier name or PIN is wrong.';
    case 'CASHIER_LOCKED':
      return `${first.message[0]?.toUpperCase() ?? ''}${first.message.slice(1)}.`;
    case 'INVALID_PIN':
      return 'A PIN or password is 4 to 64 characters.';
    default:
      return first?.message ?? 'Signing in failed. Try again.';
  }
}

/** The cashier signs the till in at this store, with a PIN the store checks itself (online or not). */
export function TillSignIn({ onSignedIn, notice }: { onSignedIn: (cashier: string) => void; notice: string | null }) {
  const id = useId();
  const [cashier, setCashier] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [signIn, { loading }] = useMutation(SIGN_IN);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const { data } = await signIn({ variables: { cashier: cashier.trim(), pin } });
      if (!data) throw new Error('no answer');
      setTillToken(data.tillSignIn.token);
      onSignedIn(data.tillSignIn.cashier);
    } catch (caught) {
      setError(signInSentence(caught));
      setPin('');
    }
  };
  return (
    <form className="card till-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Sign in to the till</h2>
      <p role="status" aria-live="polite" data-testid="till-sign-in-message" className={error ? 'refused' : ''}>
        {error ?? notice ?? ''}
      </p>
      <label htmlFor={`${id}-cashier`}>Cashier</label>
      <input
        id={`${id}-cashier`}
        value={cashier}
        onChange={(e) => setCashier(e.target.value)}
        autoComplete="username"
        required
        maxLength={64}
      />
      <label htmlFor={`${id}-pin`}>PIN or password</label>
      <input
        id={`${id}-pin`}
        type="password"
        value={pin}
        onChange={(e) => setPin(e.target.value)}
        autoComplete="current-password"
        required
        minLength={4}
        maxLength={64}
      />
      <button type="submit" disabled={loading}>
        Sign in
      </button>
    </form>
  );
}
