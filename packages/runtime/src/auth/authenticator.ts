import {
  ANONYMOUS,
  type Caller,
  forbidden,
  hasRole,
  ROLES,
  type Role,
  textProblem,
  unauthenticated,
} from '@stockgraph/domain';
import { MAX_SUBJECT_LENGTH, type TokenVerifier } from './token-verifier';

/**
 * Sent beside a service token by the gateway when it calls on someone's behalf (anonymous
 * shoppers, subscriptions): the caller the request is for, as base64url JSON. Honoured
 * only from a verified `service` token whose `sub` is a configured delegator
 * (`AUTH_DELEGATING_SERVICES`), and it can only narrow: the identity it names never holds
 * the `service` role, and a field the delegating service may not call itself stays
 * refused whatever roles are named (`roleChecker` in graphql-service).
 */
export const ACTING_FOR_HEADER = 'stockgraph-acting-for';

/** The `connection_init` payload keys graphql-ws clients put their credentials under. */
export const CONNECTION_AUTH_KEYS = { authorization: 'authorization', actingFor: 'actingFor' } as const;

export interface Credentials {
  /** The `Authorization` header (or connection_init field): `Bearer <jwt>`. */
  authorization?: string | undefined;
  actingFor?: string | undefined;
}

export function encodeActingFor(caller: Caller): string {
  return Buffer.from(
    JSON.stringify({ sub: caller.subject, roles: caller.roles, locations: caller.locations }),
  ).toString('base64url');
}

/** A caller with the token it proved itself with (null: anonymous) and when that token expires (epoch ms). */
export type AuthenticatedCaller = Caller & { token: string | null; expiresAt: number | null };

/** Who a request is from, given its credentials; one implementation for HTTP and WebSocket. */
export class Authenticator {
  private readonly delegators: ReadonlySet<string>;

  /** `delegators`: the service subjects whose acting-for header is honoured. */
  constructor(
    private readonly verifier: TokenVerifier,
    delegators: readonly string[],
  ) {
    this.delegators = new Set(delegators);
  }

  /**
   * `required`: a subgraph answers nobody without a token (UNAUTHENTICATED); the gateway
   * lets a tokenless caller browse as anonymous. A token that is present but bad is
   * refused either way.
   */
  async callerOf(credentials: Credentials, { required }: { required: boolean }): Promise<AuthenticatedCaller> {
    const header = credentials.authorization?.trim();
    if (!header) {
      if (required)
        throw unauthenticated(
          'this service answers only requests with a token: send Authorization: Bearer <token> (POST /auth/token on the gateway issues them in development)',
        );
      return { ...ANONYMOUS, token: null, expiresAt: null };
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthenticated('the Authorization header must be "Bearer <token>"');
    const token = match[1];
    const { caller, expiresAt } = await this.verifier.verify(token);
    if (credentials.actingFor === undefined || credentials.actingFor === '') return { ...caller, token, expiresAt };
    if (!hasRole(caller, 'service') || caller.subject === null || !this.delegators.has(caller.subject)) {
      throw forbidden(
        `only the gateway may send ${ACTING_FOR_HEADER} (AUTH_DELEGATING_SERVICES); call with your own token instead`,
      );
    }
    return { ...decodeActingFor(credentials.actingFor, caller.subject), token, expiresAt };
  }
}

function decodeActingFor(value: string, via: string): Caller {
  let parsed: { sub?: unknown; roles?: unknown; locations?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw unauthenticated(`${ACTING_FOR_HEADER} is not base64url JSON`);
  }
  const strings = (list: unknown) =>
    Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
  const roles = strings(parsed.roles).filter(
    (role): role is Role => role !== 'service' && (ROLES as readonly string[]).includes(role),
  );
  if (parsed.sub === null || parsed.sub === undefined) return { ...ANONYMOUS, via };
  // The same rule as a token's own subject (token-verifier.ts): the ledger stores it.
  const problem = textProblem(parsed.sub, MAX_SUBJECT_LENGTH);
  if (problem !== null || typeof parsed.sub !== 'string')
    throw unauthenticated(`${ACTING_FOR_HEADER}: its "sub" ${problem ?? 'must be a string'}`);
  const subject = parsed.sub;
  return { subject, roles, locations: roles.includes('store') ? strings(parsed.locations) : [], via };
}
