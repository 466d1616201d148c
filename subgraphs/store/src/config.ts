import { ConfigError, envVar, loadSubgraphConfig, type SubgraphConfig } from '@stockgraph/shared';

export interface StoreConfig extends SubgraphConfig {
  store: {
    /** The shop's own location in the central inventory; the replica keeps its stock. */
    locationId: string;
    /** The central gateway's GraphQL endpoint (its origin also serves `/auth/token`). */
    gatewayUrl: string;
    /** The store's API key, exchanged at the gateway for short-lived store tokens. */
    apiKey: string;
    /** The deadline of one call to the centre. */
    centralTimeoutMs: number;
  };
}

const LOCATION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Store settings from the environment; every bad value is reported at once. */
export function loadStoreConfig(env: Record<string, string | undefined> = process.env): StoreConfig {
  const { env: own, ...common } = loadSubgraphConfig(
    'store',
    4010,
    {
      STORE_LOCATION_ID: envVar.optionalText(),
      GATEWAY_URL: envVar.httpUrl('http://127.0.0.1:4000/graphql'),
      STORE_API_KEY: envVar.optionalSecret(16),
      CENTRAL_TIMEOUT_MS: envVar.int(5000, 100, 120_000),
    },
    env,
  );
  const problems: string[] = [];
  if (!own.STORE_LOCATION_ID) problems.push('STORE_LOCATION_ID: required, the id of the shop’s own location in the central inventory (such as lisbon-store)');
  else if (!LOCATION_ID.test(own.STORE_LOCATION_ID)) problems.push(`STORE_LOCATION_ID=${JSON.stringify(own.STORE_LOCATION_ID)}: use lower-case letters, digits and '-'`);
  if (!own.STORE_API_KEY) problems.push('STORE_API_KEY: required, the key operations created for this location (createStoreApiKey)');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...common,
    store: {
      locationId: own.STORE_LOCATION_ID as string,
      gatewayUrl: own.GATEWAY_URL,
      apiKey: own.STORE_API_KEY as string,
      centralTimeoutMs: own.CENTRAL_TIMEOUT_MS,
    },
  };
}
