import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TOPICS, WAREHOUSE_STOCK_UPDATED, type WarehouseStockUpdatedData } from '@stockgraph/events';
import { cloudEventMessage } from '@stockgraph/messaging';
import {
  describeWithKafka,
  describeWithMysql,
  describeWithPromtool,
  graphqlData,
  kafkaBrokers,
  waitFor,
} from '@stockgraph/testing';
import { DEMO, type DistributedStack, freePorts, kafkaTools, originOf, REPO_ROOT, signedIn, TIMEOUT } from '../src';
import { sharedDistributedStack } from './support/shared-stacks';

/** Debian's Prometheus server, from the same `prometheus` package as promtool. */
const PROMETHEUS = process.env.PROMETHEUS_PATH || '/usr/bin/prometheus';
/** How far back the counts are dated: every one of them reaches stock about this late. */
const LATE_MS = 2000;

interface PrometheusAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/**
 * Seed 002's alert, end to end: a real Prometheus (Debian's) scrapes the real inventory of
 * the distributed stack with the rules of docker/prometheus/alerts.yml, warehouse counts
 * reach stock 2 s after they were taken, and StockSyncLatencyHigh goes pending (it fires
 * after its 5 minutes; promtool's unit tests cover that part).
 */
describeWithPromtool('alerts in a real Prometheus', () => {
  describeWithMysql('distributed stack', () => {
    describeWithKafka('with Kafka', () => {
      let stack: DistributedStack;
      let prometheus: ChildProcess | undefined;
      let api = '';
      let dir = '';

      beforeAll(async () => {
        stack = await sharedDistributedStack();
        const [port] = (await freePorts(1)) as [number];
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-prometheus-'));
        const inventory = new URL(stack.urls.inventory).host;
        fs.writeFileSync(
          path.join(dir, 'prometheus.yml'),
          [
            'global: { scrape_interval: 1s, evaluation_interval: 1s }',
            `rule_files: ['${path.join(REPO_ROOT, 'docker', 'prometheus', 'alerts.yml')}']`,
            'scrape_configs:',
            `  - { job_name: inventory, static_configs: [{ targets: ['${inventory}'] }] }`,
          ].join('\n'),
        );
        prometheus = spawn(
          PROMETHEUS,
          [
            `--config.file=${path.join(dir, 'prometheus.yml')}`,
            `--storage.tsdb.path=${path.join(dir, 'data')}`,
            `--web.listen-address=127.0.0.1:${port}`,
          ],
          { stdio: 'ignore' },
        );
        api = `http://127.0.0.1:${port}/api/v1`;
        await waitFor(async () => (await fetch(`${api}/status/runtimeinfo`).catch(() => null))?.ok === true, {
          timeoutMs: 60_000,
          what: 'Prometheus to answer',
        });
      }, TIMEOUT.startStack);

      afterAll(async () => {
        if (prometheus && prometheus.exitCode === null) {
          const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
          prometheus.kill('SIGTERM');
          await exited;
        }
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }, TIMEOUT.stopStack);

      it(
        'puts StockSyncLatencyHigh in pending for the warehouse ingestion once counts arrive 2 s late',
        async () => {
          const ops = await signedIn(originOf(stack.gatewayUrl), DEMO.ops);
          const location = `alert-dc-${Date.now().toString(36)}`;
          await graphqlData(
            stack.gatewayUrl,
            'mutation ($input: LocationInput!) { upsertLocation(input: $input) { id } }',
            {
              input: {
                id: location,
                name: 'Alerting test warehouse',
                kind: 'WAREHOUSE',
                region: 'eu-south',
                priority: 9,
              },
            },
            ops,
          );
          const kafka = kafkaTools(kafkaBrokers().join(','), stack.kafkaNamespace);
          let sequence = 0;
          const alerts = async (): Promise<PrometheusAlert[]> =>
            ((await (await fetch(`${api}/alerts`)).json()) as { data: { alerts: PrometheusAlert[] } }).data.alerts;
          try {
            const pending = await waitFor(
              async () => {
                // A few late counts a second, until the alert shows.
                sequence += 1;
                const taken = new Date(Date.now() - LATE_MS);
                const data: WarehouseStockUpdatedData = {
                  sku: 'SG-0042',
                  locationId: location,
                  onHand: 100 + sequence,
                  sequence,
                  observedAt: taken.toISOString(),
                };
                await kafka.publish(TOPICS.warehouseStockUpdated, [
                  cloudEventMessage(TOPICS.warehouseStockUpdated, data.sku, {
                    source: '/warehouse/alert-test',
                    type: WAREHOUSE_STOCK_UPDATED,
                    time: taken,
                    data,
                  }),
                ]);
                const found = (await alerts()).find((alert) => alert.labels.alertname === 'StockSyncLatencyHigh');
                return found ?? false;
              },
              { timeoutMs: 90_000, intervalMs: 250, what: 'StockSyncLatencyHigh in Prometheus' },
            );
            expect(pending.labels).toMatchObject({
              job: 'inventory',
              consumer: 'warehouse-ingestion',
              severity: 'warning',
            });
            expect(['pending', 'firing']).toContain(pending.state);
          } finally {
            await kafka.close();
          }
        },
        TIMEOUT.longTest,
      );
    });
  });
});
