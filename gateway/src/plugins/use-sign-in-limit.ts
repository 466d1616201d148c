import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../auth/gateway-context';
import { type RateLimit, rateLimitedError } from '../limits/rate-limit';

/** Root mutations that check a password or spend a credential: each one is a guess. */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(['signIn', 'register', 'refreshSession']);

/** How many credential fields a mutation's root selects, through aliases and fragments alike. */
export function credentialAttempts(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  seen = new Set<string>(),
): number {
  let attempts = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (CREDENTIAL_FIELDS.has(selection.name.value)) attempts += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      attempts += credentialAttempts(selection.selectionSet, document, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION)
        attempts += credentialAttempts(fragment.selectionSet, document, seen);
    }
  }
  return attempts;
}

/**
 * Password guessing costs the guesser's address: every signIn, register or refreshSession
 * in a mutation (aliases count one each) spends the address's sign-in budget before
 * anything is planned; over it, HTTP 429 RATE_LIMITED. The accounts service locks an email
 * after repeated failures besides, so neither many addresses against one account nor one
 * address against many accounts gets far.
 */
export function useSignInLimit(limit: RateLimit): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation({ operation, document, contextValue }) {
          if (operation?.operation !== OperationTypeNode.MUTATION) return;
          const attempts = credentialAttempts(operation.selectionSet, document);
          if (attempts === 0) return;
          const decision = await limit.consume(`sign-in:${contextValue.address}`, attempts);
          if (!decision.allowed) {
            const refusal = rateLimitedError(decision.retryAfterMs);
            throw new GraphQLError(
              `Too many sign-in attempts from this address; retry in ${Math.ceil(decision.retryAfterMs / 1000)} s.`,
              { extensions: { ...refusal.extensions, http: { status: 429 } } },
            );
          }
        },
      });
    },
  };
}
