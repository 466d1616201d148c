import type { TypedDocumentNode } from '@apollo/client';
import { print } from 'graphql';
import { accountErrorMessage } from '../errors/messages';
import { graphql } from '../gql';
import type { AccountSessionFieldsFragment } from '../gql/graphql';
import { SignInError } from './sign-in-error';

/**
 * The accounts API's calls, sent with plain `fetch` rather than Apollo: the Apollo link
 * waits for a fresh token, and a renewal waiting on itself would never end. None of them
 * is sent with a token: the credentials are in the variables.
 */

graphql(`
  fragment AccountSessionFields on AccountSession {
    accessToken
    expiresIn
    refreshToken
    sessionExpiresAt
    account {
      id
      email
      displayName
    }
  }
`);

const SignInDocument = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      ...AccountSessionFields
    }
  }
`);

const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AccountSessionFields
    }
  }
`);

const RefreshSessionDocument = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...AccountSessionFields
    }
  }
`);

const SignOutDocument = graphql(`
  mutation SignOut($refreshToken: String!) {
    signOut(refreshToken: $refreshToken)
  }
`);

/** A signed-in account's token pair, as the API hands it out. */
export type AccountSessionAnswer = AccountSessionFieldsFragment;

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message?: string; extensions?: { code?: unknown } }>;
}

async function send<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    throw new SignInError('The shop could not be reached. Check your connection and try again.');
  }
  const answer = (await response.json().catch(() => ({}))) as GraphQLAnswer<TData>;
  const first = answer.errors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : '';
    throw new SignInError(accountErrorMessage(code, first.message ?? ''), code || null);
  }
  if (response.status === 429) throw new SignInError(accountErrorMessage('RATE_LIMITED', ''), 'RATE_LIMITED');
  if (!response.ok || !answer.data) throw new SignInError(`Signing in failed (HTTP ${response.status}). Try again.`);
  return answer.data;
}

/** `signIn`: email and password for a session. */
export async function requestSignIn(email: string, password: string): Promise<AccountSessionAnswer> {
  return (await send(SignInDocument, { input: { email, password } })).signIn;
}

/** `register`: a new account, signed in. */
export async function requestRegister(
  email: string,
  password: string,
  displayName: string | null,
): Promise<AccountSessionAnswer> {
  return (await send(RegisterDocument, { input: { email, password, displayName } })).register;
}

/** `refreshSession`: spends the refresh token (it works once) for a new pair. */
export async function requestRefresh(refreshToken: string): Promise<AccountSessionAnswer> {
  return (await send(RefreshSessionDocument, { refreshToken })).refreshSession;
}

/** `signOut`: ends the session of this refresh token at the API. */
export async function requestSignOut(refreshToken: string): Promise<void> {
  await send(SignOutDocument, { refreshToken });
}
