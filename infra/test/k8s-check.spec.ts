import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, type Document, type YAMLMap, type YAMLSeq } from 'yaml';

/*
 * infra/scripts/k8s-check.mjs renders the overlays with kubectl kustomize and checks them. Each test
 * breaks one thing in a copy of infra/k8s and expects the check to fail naming it.
 */

const ROOT = path.resolve(__dirname, '../..');
const CHECK = path.join(ROOT, 'infra/scripts/k8s-check.mjs');
const copies: string[] = [];

function runCheck(dir?: string): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [CHECK, ...(dir ? ['--dir', dir] : [])], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

type Edit = [file: string, kind: string, name: string, change: (doc: Document) => void];

/** A copy of infra/k8s with the given edits: each changes the object `kind`/`name` of base/`file`. */
function brokenCopy(...edits: Edit[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salestrail-k8s-test-'));
  copies.push(dir);
  cpSync(path.join(ROOT, 'infra/k8s'), dir, { recursive: true });
  for (const [file, kind, name, change] of edits) {
    const target = path.join(dir, 'base', file);
    const docs = parseAllDocuments(readFileSync(target, 'utf8'));
    const doc = docs.find((d) => !(d instanceof Array) && d.get('kind') === kind && d.getIn(['metadata', 'name']) === name);
    if (!doc || doc instanceof Array) throw new Error(`${kind} ${name} not found in base/${file}`);
    change(doc);
    writeFileSync(target, docs.map((d) => String(d)).join('---\n'));
  }
  return dir;
}

const CONTAINER = ['spec', 'template', 'spec', 'containers', 0];

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('k8s-check', () => {
  it('passes the committed manifests: they render, match the schemas and the rules', () => {
    const { code, output } = runCheck();
    expect(output).toContain('[k8s-check] ok: production');
    expect(code).toBe(0);
  });

  it('fails when a Deployment loses its liveness or readiness probe, naming each', () => {
    const drop = (probe: string) => (d: Document) => d.deleteIn([...CONTAINER, probe]);
    const { code, output } = runCheck(
      brokenCopy(
        ['records.yaml', 'Deployment', 'records', drop('readinessProbe')],
        ['gateway.yaml', 'Deployment', 'gateway', drop('livenessProbe')],
        ['records.yaml', 'Deployment', 'records-relay', drop('livenessProbe')],
        ['workflow.yaml', 'Deployment', 'workflow-worker', drop('readinessProbe')],
      ),
    );
    expect(code).toBe(1);
    expect(output).toContain('Deployment records container records: no readinessProbe (HTTP GET /readyz)');
    expect(output).toContain('Deployment gateway container gateway: no livenessProbe (HTTP GET /healthz)');
    expect(output).toContain('Deployment records-relay container records-relay: no livenessProbe (HTTP GET /healthz)');
    expect(output).toContain('Deployment workflow-worker container workflow-worker: no readinessProbe (HTTP GET /readyz)');
    // Nothing else was broken.
    expect(output.match(/^ {2}- /gm)).toHaveLength(4);
  });

  it('fails when a probe looks at the wrong path or a port the container does not declare', () => {
    const dir = brokenCopy(['analytics.yaml', 'Deployment', 'analytics', (d) => {
      d.setIn([...CONTAINER, 'readinessProbe', 'httpGet', 'path'], '/healthz');
      d.setIn([...CONTAINER, 'livenessProbe', 'httpGet', 'port'], 9999);
    }]);
    const { code, output } = runCheck(dir);
    expect(code).toBe(1);
    expect(output).toContain('Deployment analytics container analytics: readinessProbe checks /healthz, not /readyz');
    expect(output).toContain('Deployment analytics container analytics: livenessProbe port 9999 is not one of the container');
  });

  it('fails when a process’s metrics port is not announced to Prometheus, not declared, or exposed by a Service', () => {
    const { code, output } = runCheck(
      brokenCopy(
        ['records.yaml', 'Deployment', 'records-relay', (d) => d.deleteIn(['spec', 'template', 'metadata', 'annotations'])],
        ['analytics.yaml', 'Deployment', 'analytics', (d) => {
          const ports = d.getIn([...CONTAINER, 'ports']) as YAMLSeq<YAMLMap>;
          ports.items = ports.items.filter((item) => item.get('name') !== 'metrics');
        }],
        ['gateway.yaml', 'Service', 'gateway', (d) => {
          (d.getIn(['spec', 'ports']) as YAMLSeq).add(d.createNode({ name: 'metrics', port: 9400, targetPort: 'metrics' }));
        }],
      ),
    );
    expect(code).toBe(1);
    expect(output).toContain('Deployment records-relay container records-relay: the pod\'s prometheus.io/scrape and prometheus.io/port annotations do not announce metrics port 9411');
    expect(output).toContain('Deployment analytics container analytics: its metrics port ANALYTICS_METRICS_PORT=9403 is not declared as container port "metrics"');
    expect(output).toContain('Service gateway: exposes a metrics port (9400)');
  });

  it('fails when a process lacks a secret its production configuration requires', () => {
    const dir = brokenCopy(['workflow.yaml', 'Deployment', 'workflow-worker', (d) => {
      const env = d.getIn([...CONTAINER, 'env']) as YAMLSeq<YAMLMap>;
      env.items = env.items.filter((item) => item.get('name') !== 'SERVICE_EVENTS_KEY');
    }]);
    const { code, output } = runCheck(dir);
    expect(code).toBe(1);
    expect(output).toMatch(/Deployment workflow-worker container workflow-worker: services\/workflow\/dist\/main\.js would not start with this environment: .*SERVICE_EVENTS_KEY/);
  });

  it('fails when a database URL is left to its default, the pod itself', () => {
    const dir = brokenCopy(['migrations.yaml', 'Job', 'analytics-migrate', (d) => d.deleteIn([...CONTAINER, 'env'])]);
    const { code, output } = runCheck(dir);
    expect(code).toBe(1);
    expect(output).toContain('Job analytics-migrate container migrate: url is postgres://postgres@127.0.0.1:5432/salestrail_analytics, the pod itself');
  });

  it('fails without a PodDisruptionBudget, an HPA, or a migration Job', () => {
    const { code, output } = runCheck(
      brokenCopy(
        // A budget selecting other pods is as good as none.
        ['records.yaml', 'PodDisruptionBudget', 'records-relay', (d) => d.setIn(['spec', 'selector', 'matchLabels', 'app.kubernetes.io/name'], 'nothing')],
        ['analytics.yaml', 'HorizontalPodAutoscaler', 'analytics', (d) => d.setIn(['spec', 'scaleTargetRef', 'name'], 'elsewhere')],
        ['migrations.yaml', 'Job', 'workflow-migrate', (d) => d.setIn([...CONTAINER, 'command', 1], 'services/records/dist/migrate.js')],
      ),
    );
    expect(code).toBe(1);
    expect(output).toContain('Deployment records-relay: no PodDisruptionBudget selects its pods');
    expect(output).toContain('Deployment analytics: no HorizontalPodAutoscaler');
    expect(output).toContain('Deployment workflow container workflow: no Job runs the workflow migrations');
  });

  it('fails when a pod may run as root or a container may escalate', () => {
    const dir = brokenCopy(['gateway.yaml', 'Deployment', 'gateway', (d) => {
      d.setIn(['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot'], false);
      d.setIn([...CONTAINER, 'securityContext', 'allowPrivilegeEscalation'], true);
    }]);
    const { code, output } = runCheck(dir);
    expect(code).toBe(1);
    expect(output).toContain('Deployment gateway: pod securityContext.runAsNonRoot is not true');
    expect(output).toContain('Deployment gateway container gateway: securityContext.allowPrivilegeEscalation is not false');
  });

  it('fails without resources or the measured heap cap', () => {
    const dir = brokenCopy(['records.yaml', 'Deployment', 'records', (d) => {
      d.deleteIn([...CONTAINER, 'resources', 'limits', 'memory']);
      d.setIn([...CONTAINER, 'command', 1], '--max-old-space-size=512');
    }]);
    const { code, output } = runCheck(dir);
    expect(code).toBe(1);
    expect(output).toContain('Deployment records container records: no resources.limits.memory');
    expect(output).toContain('Deployment records container records: runs services/records/dist/main.js without its measured heap cap --max-old-space-size=160');
  });

  it('fails on an object the Kubernetes schema rejects', () => {
    const dir = brokenCopy(['records.yaml', 'Deployment', 'records-relay', (d) => d.setIn(['spec', 'replicas'], 'two')]);
    const { code, output } = runCheck(dir);
    expect(code).toBe(1);
    expect(output).toContain('Deployment/records-relay does not match the apps/v1 Deployment schema');
  });
});
