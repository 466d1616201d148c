import os from 'node:os';
import { ConfigError } from '@stockgraph/runtime';
import { loadEventBusConfig } from './event-bus-config';

describe('loadEventBusConfig', () => {
  it('keeps events in process without KAFKA_BROKERS, naming the instance after host and pid', () => {
    expect(loadEventBusConfig('gateway', {})).toEqual({
      eventBus: { kind: 'in-process' },
      instanceId: `${os.hostname()}-${process.pid}`,
    });
  });

  it('puts events on Kafka with a client named after the service, under the namespace', () => {
    const settings = loadEventBusConfig('gateway', {
      KAFKA_BROKERS: 'a:9092, b:9093',
      KAFKA_NAMESPACE: 'staging.',
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_FETCH_MAX_WAIT_MS: '250',
      INSTANCE_ID: 'gw-1',
    });

    expect(settings).toEqual({
      eventBus: {
        kind: 'kafka',
        brokers: ['a:9092', 'b:9093'],
        clientId: 'stockgraph-gateway',
        partitions: 3,
        namespace: 'staging.',
        fetch: { maxWaitMs: 250, minBytes: 1 },
      },
      instanceId: 'gw-1',
    });
  });

  it('names every bad setting at once', () => {
    const read = () => loadEventBusConfig('inventory', { KAFKA_BROKERS: 'kafka', KAFKA_NAMESPACE: 'a b' });

    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      /KAFKA_BROKERS="kafka": must be host:port\[,host:port...\]; "kafka" is not[\s\S]*KAFKA_NAMESPACE="a b": may only hold letters/,
    );
  });
});
