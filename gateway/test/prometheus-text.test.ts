import { parseSamples } from '../src/ops/prometheus-text';

describe('reading Prometheus text', () => {
  it('keeps only the wanted metrics, with their labels (escapes undone) and values', () => {
    const text = [
      '# HELP dead_letters_total Messages sent to a dead-letter topic.',
      '# TYPE dead_letters_total counter',
      'dead_letters_total{topic="inventory.stock.v1",reason="SCHEMA_INVALID"} 3',
      'dead_letters_total{topic="t",reason="say \\"no\\"\\nplease"} 1',
      'http_requests_total{route="/graphql"} 99',
      'inventory_circuit_state 2',
      'event_consumer_lag{consumer="c",topic="t",partition="0"} NaN',
    ].join('\n');
    expect(
      parseSamples(text, new Set(['dead_letters_total', 'inventory_circuit_state', 'event_consumer_lag'])),
    ).toEqual([
      { name: 'dead_letters_total', labels: { topic: 'inventory.stock.v1', reason: 'SCHEMA_INVALID' }, value: 3 },
      { name: 'dead_letters_total', labels: { topic: 't', reason: 'say "no"\nplease' }, value: 1 },
      { name: 'inventory_circuit_state', labels: {}, value: 2 },
    ]);
  });
});
