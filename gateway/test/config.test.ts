import path from 'node:path';
import { ConfigError } from '@stockgraph/runtime';
import { loadGatewayConfig } from '../src/config';

// The gateway refuses to start without a token key; these tests are about the rest.
const devAuth = { AUTH_MODE: 'dev' };

describe('gateway configuration', () => {
  it('defaults to the committed supergraph and the local subgraph ports', () => {
    const config = loadGatewayConfig(devAuth);
    expect(config.port).toBe(4000);
    expect(path.basename(config.supergraphPath)).toBe('supergraph.graphql');
    expect(config.subgraphUrls).toEqual({
      catalog: 'http://127.0.0.1:4001/graphql',
      inventory: 'http://127.0.0.1:4002/graphql',
      order: 'http://127.0.0.1:4003/graphql',
      accounts: 'http://127.0.0.1:4004/graphql',
    });
  });

  it('keeps introspection and the console off unless asked for, and reads the operation limits', () => {
    expect(loadGatewayConfig(devAuth)).toMatchObject({
      introspection: false,
      console: false,
      limits: {
        maxDepth: 12,
        maxAliases: 30,
        maxDirectives: 20,
        maxRootFields: 20,
        maxExpandedFields: 5000,
        maxCost: 10_000,
      },
    });
    expect(
      loadGatewayConfig({ ...devAuth, INTROSPECTION: 'true', CONSOLE: 'true', MAX_DEPTH: '8', MAX_COST: '50000' }),
    ).toMatchObject({
      introspection: true,
      console: true,
      limits: { maxDepth: 8, maxCost: 50_000 },
    });
  });

  it('limits each identity and WebSocket address by default, counting per instance without Redis', () => {
    const config = loadGatewayConfig(devAuth);
    expect(config.rateLimit).toEqual({ points: 100, windowSeconds: 10, keyPrefix: 'stockgraph:gateway:rl' });
    expect(config.redisUrl).toBeNull();
    expect(config.metricsToken).toBeNull();
    expect([config.subscriptions.connectionsPerIdentity, config.subscriptions.maxTotal]).toEqual([50, 10_000]);
  });

  it('refuses a Redis URL of another scheme and a guessable metrics token', () => {
    expect(() =>
      loadGatewayConfig({ ...devAuth, REDIS_URL: 'http://127.0.0.1:6379', METRICS_TOKEN: 'secret' }),
    ).toThrow(
      /REDIS_URL="http:\/\/127.0.0.1:6379": must be redis:\/\/.*\n.*METRICS_TOKEN="secret": must be at least 16 characters/,
    );
  });

  it("reads no events without KAFKA_BROKERS, and Kafka with the subgraphs' settings when set", () => {
    expect(loadGatewayConfig(devAuth).eventBus).toEqual({ kind: 'in-process' });
    expect(
      loadGatewayConfig({
        ...devAuth,
        KAFKA_BROKERS: '127.0.0.1:19092',
        KAFKA_NAMESPACE: 'staging.',
        INSTANCE_ID: 'gw-2',
      }),
    ).toMatchObject({
      eventBus: {
        kind: 'kafka',
        brokers: ['127.0.0.1:19092'],
        clientId: 'stockgraph-gateway',
        partitions: 6,
        namespace: 'staging.',
      },
      instanceId: 'gw-2',
    });
    expect(() => loadGatewayConfig({ ...devAuth, KAFKA_BROKERS: 'kafka', KAFKA_TOPIC_PARTITIONS: '0' })).toThrow(
      /KAFKA_TOPIC_PARTITIONS="0": must be a whole number from 1 to 1000\n.*KAFKA_BROKERS="kafka": must be host:port\[,host:port...\]; "kafka" is not/,
    );
  });

  it('refuses to start without a key to verify tokens with, naming the ways to configure one', () => {
    expect(() => loadGatewayConfig({})).toThrow(/no token key configured: set AUTH_JWKS_URL .* or AUTH_MODE=dev/);
  });

  it('names every bad setting at once', () => {
    try {
      loadGatewayConfig({
        ...devAuth,
        PORT: '99999',
        ORDER_URL: 'order:4003',
        MAX_DEPTH: '0',
        INTROSPECTION: 'sometimes',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'PORT="99999": must be a whole number from 0 to 65535',
        'ORDER_URL="order:4003": must be an http(s) URL such as http://127.0.0.1:4002/graphql',
        'MAX_DEPTH="0": must be a whole number from 1 to 1000',
        'INTROSPECTION="sometimes": must be true or false',
      ]);
    }
  });
});
