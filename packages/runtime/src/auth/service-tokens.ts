import type { AuthConfig, ServiceCredentials } from './auth-config';
import { DevIssuer } from './dev-issuer';

/** Service tokens are short-lived; a fresh one is fetched this long before the old one ends. */
const RENEW_BEFORE_MS = 60_000;
const DEV_SERVICE_TOKEN_SECONDS = 300;

/** The `Authorization` value a service sends when it calls another service as itself. */
export interface ServiceTokens {
  authorization(): Promise<string>;
}

/**
 * This service's own token (`roles: ["service"]`), renewed before it expires: signed by
 * the development key, or fetched with OAuth 2 client credentials from the identity
 * provider.
 */
export async function serviceTokens(service: string, config: AuthConfig): Promise<ServiceTokens> {
  const credentials = config.serviceCredentials;
  if (!credentials) {
    throw new Error(
      `${service} calls other services and needs a token of its own: set AUTH_TOKEN_URL, AUTH_CLIENT_ID and AUTH_CLIENT_SECRET (client credentials at your identity provider)`,
    );
  }
  const fetchToken = await tokenFetcher(service, credentials, config);
  let current: { value: string; renewAt: number } | null = null;
  let pending: Promise<string> | null = null;
  return {
    authorization: async () => {
      if (current && current.renewAt > Date.now()) return current.value;
      pending ??= fetchToken()
        .then(({ token, expiresInSeconds }) => {
          current = {
            value: `Bearer ${token}`,
            renewAt: Date.now() + Math.max(expiresInSeconds * 1000 - RENEW_BEFORE_MS, 1000),
          };
          return current.value;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
  };
}

type TokenFetcher = () => Promise<{ token: string; expiresInSeconds: number }>;

async function tokenFetcher(
  service: string,
  credentials: ServiceCredentials,
  config: AuthConfig,
): Promise<TokenFetcher> {
  if (credentials.kind === 'dev') {
    if (config.keys.kind !== 'dev')
      throw new Error('development service tokens need the development key (AUTH_MODE=dev)');
    const issuer = await DevIssuer.open(config.keys.keyFile, config);
    return async () => ({
      token: await issuer.sign(service, { roles: ['service'] }, DEV_SERVICE_TOKEN_SECONDS),
      expiresInSeconds: DEV_SERVICE_TOKEN_SECONDS,
    });
  }
  return async () => {
    const response = await fetch(credentials.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        audience: config.audience,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new Error(
        `${service} could not get its service token from ${credentials.tokenUrl}: HTTP ${response.status}`,
      );
    }
    return { token: body.access_token, expiresInSeconds: typeof body.expires_in === 'number' ? body.expires_in : 300 };
  };
}
