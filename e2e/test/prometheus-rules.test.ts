import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { AMTOOL_PATH, describeWithPromtool, PROMTOOL_PATH } from '@stockgraph/testing';
import { type EmbeddedStack, REPO_ROOT, TIMEOUT } from '../src';
import { sharedEmbeddedStack } from './support/shared-stacks';

const run = promisify(execFile);
const DIR = path.join(REPO_ROOT, 'docker', 'prometheus');

/** What a tool printed, and whether it succeeded: a failure shows its own words in the test's. */
async function tool(file: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: DIR, timeout: 60_000 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}${failed.message}` };
  }
}

/** The metric names an alert expression reads (PromQL identifiers with an underscore, functions aside). */
function metricsIn(expression: string): string[] {
  const functions = new Set(['histogram_quantile']);
  return [...new Set(expression.match(/[a-z_][a-z0-9_]*/g) ?? [])].filter(
    (name) => name.includes('_') && !functions.has(name),
  );
}

/**
 * The alerts as code (docker/prometheus/): the rules and the Prometheus and Alertmanager
 * configurations pass their own tools' checks, the rules' unit tests pass, and every
 * metric a rule reads is one the services really export — a renamed metric would leave
 * an alert that can never fire.
 */
describeWithPromtool('alert rules and their configuration', () => {
  it(
    'pass promtool check rules, promtool test rules, promtool check config and amtool check-config',
    async () => {
      const results = {
        checkRules: await tool(PROMTOOL_PATH, ['check', 'rules', 'alerts.yml']),
        testRules: await tool(PROMTOOL_PATH, ['test', 'rules', 'alerts.test.yml']),
        // Syntax only: the scrape credentials file is written by the Prometheus container at start.
        checkConfig: await tool(PROMTOOL_PATH, ['check', 'config', '--syntax-only', 'prometheus.yml']),
        alertmanager: await tool(AMTOOL_PATH, ['check-config', 'alertmanager.yml']),
      };
      for (const [check, result] of Object.entries(results)) expect({ check, ...result }).toMatchObject({ ok: true });
      expect(results.testRules.output).toMatch(/SUCCESS/);
    },
    TIMEOUT.test,
  );

  describe('every metric the rules and the dashboard read', () => {
    let stack: EmbeddedStack;

    beforeAll(async () => {
      stack = await sharedEmbeddedStack();
    }, TIMEOUT.startStack);

    /** The metric families a set of expressions reads that no service exports. */
    const unexported = async (expressions: string[]): Promise<string[]> => {
      const wanted = new Set(expressions.flatMap(metricsIn));
      const exported = (
        await Promise.all(
          (['gateway', 'catalog', 'inventory', 'order', 'accounts'] as const).map(async (service) => {
            const url = service === 'gateway' ? `${stack.origin}/metrics` : stack.url(service, '/metrics');
            return (await fetch(url)).text();
          }),
        )
      ).join('\n');
      const storeSources = fs
        .readdirSync(path.join(REPO_ROOT, 'store', 'service', 'src'), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => fs.readFileSync(path.join(REPO_ROOT, 'store', 'service', 'src', file), 'utf8'))
        .join('\n');
      return [...wanted].filter((name) => {
        const family = name.replace(/_bucket$/, '');
        return !exported.includes(`# TYPE ${family} `) && !storeSources.includes(`'${family}'`);
      });
    };

    it(
      'is exported by a central service, or registered by the store service: the alert rules',
      async () => {
        const rules = fs.readFileSync(path.join(DIR, 'alerts.yml'), 'utf8');
        const expressions = [...rules.matchAll(/^\s*expr: (.+)$/gm)].map((match) => match[1] ?? '');
        expect(new Set(expressions.flatMap(metricsIn)).size).toBeGreaterThanOrEqual(8);
        expect(await unexported(expressions)).toEqual([]);
      },
      TIMEOUT.test,
    );

    it(
      'is exported by a central service, or registered by the store service: the Grafana dashboard',
      async () => {
        const dashboard = JSON.parse(
          fs.readFileSync(path.join(REPO_ROOT, 'docker', 'grafana', 'stockgraph-dashboard.json'), 'utf8'),
        ) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
        const expressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
        expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
        expect(await unexported(expressions)).toEqual([]);
      },
      TIMEOUT.test,
    );
  });
});
