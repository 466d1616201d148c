import path from 'node:path';
import { ConfigError, envVar, loadConfig } from '../config/load-config';

/** Signature algorithms a deployment may pin; `none` and symmetric ones are not among them. */
export const TOKEN_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'] as const;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

/** Where the keys that sign accepted tokens come from. */
export type TokenKeys =
  /** The development issuer's ES256 key, created on first start (embedded mode, or AUTH_MODE=dev). */
  | { kind: 'dev'; keyFile: string }
  /** An identity provider's JWKS, fetched, cached and fetched again on an unknown `kid`. */
  | { kind: 'jwks'; url: string }
  /** One public key (PEM, SPKI) on disk. */
  | { kind: 'public-key'; file: string };

/** How a service gets the token it sends when it calls another service. */
export type ServiceCredentials =
  /** Signs its own `service` token with the development key. */
  | { kind: 'dev' }
  /** OAuth 2 client credentials at the identity provider's token endpoint. */
  | { kind: 'client-credentials'; tokenUrl: string; clientId: string; clientSecret: string };

export interface AuthConfig {
  issuer: string;
  audience: string;
  algorithm: TokenAlgorithm;
  /** Allowance for clocks that disagree, on `exp` and `nbf`. */
  clockToleranceSeconds: number;
  keys: TokenKeys;
  /** null: this service has no way to call another one (a real deployment must configure one). */
  serviceCredentials: ServiceCredentials | null;
  /**
   * The `sub` of the service tokens whose acting-for header is honoured (the gateway's);
   * any other service that sends one is refused, so a leaked service credential cannot
   * claim to act for anyone.
   */
  delegators: readonly string[];
}

export const DEV_ISSUER = 'stockgraph-dev';
export const DEFAULT_AUDIENCE = 'stockgraph';

const authShape = {
  AUTH_MODE: envVar.oneOf(['dev', 'external'] as const, 'external'),
  AUTH_JWKS_URL: envVar.optionalText(),
  AUTH_PUBLIC_KEY_FILE: envVar.optionalText(),
  AUTH_ISSUER: envVar.optionalText(),
  AUTH_AUDIENCE: envVar.text(DEFAULT_AUDIENCE),
  AUTH_ALGORITHM: envVar.oneOf(TOKEN_ALGORITHMS, 'ES256'),
  AUTH_CLOCK_TOLERANCE_SECONDS: envVar.int(30, 0, 300),
  AUTH_DEV_KEY_FILE: envVar.optionalText(),
  AUTH_TOKEN_URL: envVar.optionalText(),
  AUTH_CLIENT_ID: envVar.optionalText(),
  AUTH_CLIENT_SECRET: envVar.optionalText(),
  AUTH_DELEGATING_SERVICES: envVar.text('gateway'),
  DATA_DIR: envVar.text('.data'),
};

/**
 * Token settings, the same in every service. Without a key (no AUTH_JWKS_URL, no
 * AUTH_PUBLIC_KEY_FILE) a service refuses to start unless AUTH_MODE=dev says to trust
 * the development issuer: a deployment must never fall back to a key anyone can make.
 */
export function loadAuthConfig(service: string, env: Record<string, string | undefined>): AuthConfig {
  const raw = loadConfig(authShape, env);
  const problems: string[] = [];
  if (raw.AUTH_JWKS_URL && raw.AUTH_PUBLIC_KEY_FILE)
    problems.push('AUTH_JWKS_URL and AUTH_PUBLIC_KEY_FILE: set one, not both');
  if (raw.AUTH_JWKS_URL && !/^https?:\/\//.test(raw.AUTH_JWKS_URL))
    problems.push(`AUTH_JWKS_URL=${JSON.stringify(raw.AUTH_JWKS_URL)}: must be an http(s) URL`);
  const external = Boolean(raw.AUTH_JWKS_URL || raw.AUTH_PUBLIC_KEY_FILE);
  if (raw.AUTH_MODE === 'dev' && external)
    problems.push(
      'AUTH_MODE=dev trusts only the development issuer; remove AUTH_JWKS_URL/AUTH_PUBLIC_KEY_FILE or AUTH_MODE',
    );
  if (raw.AUTH_MODE !== 'dev' && !external) {
    problems.push(
      'no token key configured: set AUTH_JWKS_URL (your identity provider) or AUTH_PUBLIC_KEY_FILE, or AUTH_MODE=dev to trust the development issuer (never in production)',
    );
  }
  if (external && !raw.AUTH_ISSUER)
    problems.push(
      'AUTH_ISSUER: required with AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE (the `iss` your identity provider puts in its tokens)',
    );
  const clientCredentials = [raw.AUTH_TOKEN_URL, raw.AUTH_CLIENT_SECRET].filter(Boolean).length;
  if (clientCredentials === 1)
    problems.push('AUTH_TOKEN_URL and AUTH_CLIENT_SECRET: set both (client credentials) or neither');
  const delegators = raw.AUTH_DELEGATING_SERVICES.split(',')
    .map((subject) => subject.trim())
    .filter((subject) => subject.length > 0);
  if (delegators.length === 0 || delegators.some((subject) => subject.length > 100))
    problems.push(
      "AUTH_DELEGATING_SERVICES: a comma-separated list of 1-100 character service subjects (the gateway's token `sub`)",
    );
  if (problems.length > 0) throw new ConfigError(problems);
  const keys: TokenKeys = raw.AUTH_JWKS_URL
    ? { kind: 'jwks', url: raw.AUTH_JWKS_URL }
    : raw.AUTH_PUBLIC_KEY_FILE
      ? { kind: 'public-key', file: path.resolve(raw.AUTH_PUBLIC_KEY_FILE) }
      : {
          kind: 'dev',
          keyFile: path.resolve(raw.AUTH_DEV_KEY_FILE ?? path.join(raw.DATA_DIR, 'auth', 'dev-issuer-key.json')),
        };
  let serviceCredentials: ServiceCredentials | null = null;
  if (raw.AUTH_TOKEN_URL && raw.AUTH_CLIENT_SECRET) {
    serviceCredentials = {
      kind: 'client-credentials',
      tokenUrl: raw.AUTH_TOKEN_URL,
      clientId: raw.AUTH_CLIENT_ID ?? service,
      clientSecret: raw.AUTH_CLIENT_SECRET,
    };
  } else if (keys.kind === 'dev') {
    serviceCredentials = { kind: 'dev' };
  }
  return {
    issuer: raw.AUTH_ISSUER ?? DEV_ISSUER,
    audience: raw.AUTH_AUDIENCE,
    algorithm: keys.kind === 'dev' ? 'ES256' : raw.AUTH_ALGORITHM,
    clockToleranceSeconds: raw.AUTH_CLOCK_TOLERANCE_SECONDS,
    keys,
    serviceCredentials,
    delegators,
  };
}
