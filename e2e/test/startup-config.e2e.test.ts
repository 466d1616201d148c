import { once } from 'node:events';
import { startServiceProcess, TIMEOUT } from '../src';

/** Started with bad settings, a service names every one on its own line and exits with code 2, as the README says. */
describe('a service started with bad settings', () => {
  const refusal = async (name: string, entry: string, env: Record<string, string>) => {
    const service = startServiceProcess(name, entry, { AUTH_MODE: 'dev', PORT: '0', ...env });
    // 'close', not 'exit': only then has everything the process wrote been read.
    const [code] = (await once(service.child, 'close')) as [number | null];
    return { code, output: service.output() };
  };

  it(
    'the gateway: a bad broker list and namespace, each in words, exit code 2',
    async () => {
      const { code, output } = await refusal('gateway', 'gateway/dist/main.js', {
        KAFKA_BROKERS: 'kafka',
        KAFKA_NAMESPACE: 'a b',
      });

      expect(code).toBe(2);
      expect(output).toContain('- KAFKA_BROKERS="kafka": must be host:port[,host:port...]; "kafka" is not');
      expect(output).toContain(`- KAFKA_NAMESPACE="a b": may only hold letters, digits, '.', '_' and '-'`);
      expect(output).not.toContain('    at ');
    },
    TIMEOUT.test,
  );

  it(
    'a subgraph: a bad port, in words, exit code 2',
    async () => {
      const { code, output } = await refusal('inventory', 'subgraphs/inventory/dist/main.js', { PORT: 'eighty' });

      expect(code).toBe(2);
      expect(output).toContain('- PORT="eighty": must be a whole number from 0 to 65535');
    },
    TIMEOUT.test,
  );
});
