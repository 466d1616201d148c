import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT, TIMEOUT } from '../src';

const run = promisify(execFile);
const DIR = path.join(REPO_ROOT, 'docker', 'k8s');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are read as the YAML they are
type Manifest = Record<string, any>;

const manifests: Manifest[] = fs
  .readdirSync(DIR)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(DIR, file), 'utf8')).map((doc) => doc.toJS() as Manifest),
  );
const ofKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);

/** Each service, its port and the function that reads its settings (what the process runs at start). */
const SERVICES = {
  gateway: { port: 4000, loader: "require('@stockgraph/gateway').loadGatewayConfig" },
  catalog: { port: 4001, loader: "require('@stockgraph/catalog').loadCatalogConfig" },
  inventory: { port: 4002, loader: "require('@stockgraph/inventory').loadInventoryConfig" },
  order: { port: 4003, loader: "require('@stockgraph/order').loadOrderConfig" },
  accounts: { port: 4004, loader: "require('@stockgraph/accounts').loadAccountsConfig" },
} as const;

/** The environment a Deployment's container gets: its ConfigMap, its Secrets and its own values (field references stand in). */
function environmentOf(deployment: Manifest): Record<string, string> {
  const container = deployment.spec.template.spec.containers[0] as Manifest;
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const found = manifests.find(
      (m) => m.kind === (source.configMapRef ? 'ConfigMap' : 'Secret') && m.metadata.name === ref.name,
    );
    if (!found)
      throw new Error(`${deployment.metadata.name}: no ${source.configMapRef ? 'ConfigMap' : 'Secret'} ${ref.name}`);
    Object.assign(env, found.data ?? found.stringData);
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    if (secret) {
      const found = ofKind('Secret').find((m) => m.metadata.name === secret.name);
      const value = found?.stringData?.[secret.key];
      if (value === undefined)
        throw new Error(`${deployment.metadata.name}: no key ${secret.key} in Secret ${secret.name}`);
      env[variable.name] = value;
    } else env[variable.name] = variable.value ?? `from ${JSON.stringify(variable.valueFrom)}`;
  }
  return env;
}

/**
 * The Kubernetes manifests (docker/k8s/) as a cluster would take them: every service a
 * Deployment with readiness, liveness and start-up probes on /health/*, resource requests
 * and limits, a Service on its port, an autoscaler and a disruption budget; and each
 * service's own configuration loader accepts the environment its Deployment gives it.
 */
describe('Kubernetes manifests', () => {
  it('deploy every service with probes, resources, a Service, an autoscaler and a disruption budget', () => {
    for (const [name, { port }] of Object.entries(SERVICES)) {
      const deployment = ofKind('Deployment').find((m) => m.metadata.name === name);
      expect({ name, found: Boolean(deployment) }).toEqual({ name, found: true });
      const labels = deployment?.spec.template.metadata.labels as Record<string, string>;
      expect(deployment?.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
      const container = deployment?.spec.template.spec.containers[0] as Manifest;
      expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      const service = ofKind('Service').find((m) => m.metadata.name === name);
      expect(service?.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
      expect(Object.entries(service?.spec.selector ?? {}).every(([k, v]) => labels[k] === v)).toBe(true);
      const autoscaler = ofKind('HorizontalPodAutoscaler').find((m) => m.metadata.name === name);
      expect(autoscaler?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(autoscaler?.spec.minReplicas).toBeGreaterThanOrEqual(2);
      const budget = ofKind('PodDisruptionBudget').find((m) => m.metadata.name === name);
      expect(budget?.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
    }
  });

  it("run a shop's store service as one writer of its own volume, probed like the others", () => {
    const store = ofKind('StatefulSet').find((m) => m.metadata.name === 'store') as Manifest;
    expect(store.spec.replicas).toBe(1);
    const container = store.spec.template.spec.containers[0] as Manifest;
    expect(container.ports).toEqual([{ name: 'http', containerPort: 4010 }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(store.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(environmentOf(store).DATABASE_URL).toBe('sqlite:/data/store.sqlite');
    expect(ofKind('HorizontalPodAutoscaler').some((m) => m.spec.scaleTargetRef.name === 'store')).toBe(false);
  });

  it(
    'give each service the environment its own configuration loader requires',
    async () => {
      const workloads = [
        ...Object.entries(SERVICES).map(([name, { loader }]) => ({ name, loader, kind: 'Deployment' })),
        { name: 'store', loader: "require('@stockgraph/store').loadStoreConfig", kind: 'StatefulSet' },
      ];
      for (const { name, loader, kind } of workloads) {
        const deployment = ofKind(kind).find((m) => m.metadata.name === name) as Manifest;
        const env = environmentOf(deployment);
        // The service's own loader, in a process of its own: a missing or bad value is its ConfigError.
        const { stdout } = await run(
          'node',
          ['-e', `${loader}(JSON.parse(process.argv[1])); process.stdout.write('accepted')`, JSON.stringify(env)],
          { cwd: REPO_ROOT, timeout: 60_000 },
        ).catch((error: { stderr?: string }) => ({ stdout: `${name} refused its environment: ${error.stderr ?? ''}` }));
        expect({ name, outcome: stdout }).toEqual({ name, outcome: 'accepted' });
      }
    },
    TIMEOUT.test,
  );
});
