import { ConfigError } from '../config/load-config';
import { loadTracingConfig } from './tracing-config';

describe('loadTracingConfig', () => {
  test('is off unless a place to send spans is set', () => {
    expect(loadTracingConfig({})).toBeNull();
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '', ZIPKIN_URL: '' })).toBeNull();
  });

  test('OTLP gets /v1/traces appended to its base URL; a traces endpoint is taken as it is', () => {
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })?.exports).toEqual([
      { kind: 'otlp', url: 'http://collector:4318/v1/traces' },
    ]);
    expect(
      loadTracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/ingest',
      })?.exports,
    ).toEqual([{ kind: 'otlp', url: 'https://traces.example/ingest' }]);
  });

  test('Zipkin gets its v2 spans path, beside OTLP when both are set; parent-based always-on by default', () => {
    expect(
      loadTracingConfig({ ZIPKIN_URL: 'http://127.0.0.1:9411', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toEqual({
      exports: [
        { kind: 'otlp', url: 'http://c:4318/v1/traces' },
        { kind: 'zipkin', url: 'http://127.0.0.1:9411/api/v2/spans' },
      ],
      sampler: 'parentbased_always_on',
      ratio: 1,
      batchDelayMs: 5000,
    });
  });

  test('a bad setting stops the service with the variable named', () => {
    const bad = (env: Record<string, string>) => () => loadTracingConfig({ ZIPKIN_URL: 'http://z:9411', ...env });
    expect(bad({ ZIPKIN_URL: 'zipkin:9411' })).toThrow(/ZIPKIN_URL="zipkin:9411": must be an http\(s\) URL/);
    expect(bad({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER="sometimes": must be one of/);
    expect(bad({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(ConfigError);
    expect(bad({ OTEL_BSP_SCHEDULE_DELAY: '-1' })).toThrow(/OTEL_BSP_SCHEDULE_DELAY/);
  });
});
