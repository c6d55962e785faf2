#!/usr/bin/env node
// Renders the Kubernetes manifests offline and checks them (CI runs it from .ci/run; needs the build):
//   1. `kubectl kustomize` renders each overlay (with a secrets.env made from its secrets.env.example);
//   2. every rendered object is validated against the Kubernetes OpenAPI schemas (kubernetes-models);
//   3. SalesTrail's own rules: every Deployment has liveness (/healthz) and readiness (/readyz) probes on a
//      port it declares, resources, a non-root security context, a PodDisruptionBudget, and an HPA unless
//      it is a single-active relay; every process gets the settings and secrets its own configuration
//      needs in production (each container's environment is resolved from the rendered ConfigMaps and
//      Secret and parsed by that process's config loader), listens where its probes look, and reaches no
//      loopback address; every process serves metrics on a declared port "metrics" that its pod's
//      prometheus.io annotations announce and no Service exposes; every service's pods wait for its migration Job; the Secret's example lists
//      exactly the keys the processes read; the measured heap caps are kept.
//
//   node infra/scripts/k8s-check.mjs [--dir infra/k8s] [--overlay production]
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { ENTRIES } from './image-check.mjs';
import { GATEWAY, SERVICES } from './lib/processes.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** The processes a container may run, with the config loader that process uses and where it listens. */
const PROCESSES = {
  'gateway/dist/main.js': { config: 'gateway/dist/config.js', load: 'loadGatewayConfig', port: 'GATEWAY_PORT', host: 'GATEWAY_HOST', metrics: 'GATEWAY_METRICS_PORT' },
  'services/records/dist/main.js': { config: 'services/records/dist/config.js', load: 'loadRecordsConfig', port: 'RECORDS_PORT', host: 'RECORDS_HOST', service: 'records', metrics: 'RECORDS_METRICS_PORT' },
  'services/records/dist/relay.js': { config: 'services/records/dist/config.js', load: 'loadRecordsConfig', port: 'RECORDS_RELAY_PORT', host: 'RECORDS_HOST', service: 'records', metrics: 'RECORDS_RELAY_METRICS_PORT' },
  'services/records/dist/migrate.js': { config: 'services/records/dist/config.js', load: 'loadRecordsMigrateConfig', service: 'records' },
  'services/workflow/dist/main.js': { config: 'services/workflow/dist/config.js', load: 'loadWorkflowConfig', port: 'WORKFLOW_PORT', host: 'WORKFLOW_HOST', service: 'workflow', metrics: 'WORKFLOW_METRICS_PORT' },
  'services/workflow/dist/relay.js': { config: 'services/workflow/dist/config.js', load: 'loadWorkflowConfig', port: 'WORKFLOW_RELAY_PORT', host: 'WORKFLOW_HOST', service: 'workflow', metrics: 'WORKFLOW_RELAY_METRICS_PORT' },
  'services/workflow/dist/migrate.js': { config: 'services/workflow/dist/config.js', load: 'loadWorkflowMigrateConfig', service: 'workflow' },
  'services/analytics/dist/main.js': { config: 'services/analytics/dist/config.js', load: 'loadAnalyticsConfig', port: 'ANALYTICS_PORT', host: 'ANALYTICS_HOST', service: 'analytics', metrics: 'ANALYTICS_METRICS_PORT' },
  'services/analytics/dist/migrate.js': { config: 'services/analytics/dist/config.js', load: 'loadAnalyticsMigrateConfig', service: 'analytics' },
  'services/analytics/dist/rebuild.js': { config: 'services/analytics/dist/config.js', load: 'loadAnalyticsConfig', service: 'analytics' },
};

/** Heap caps measured under load (BENCHMARKS.md, section 6), as `npm start` runs the processes. */
const HEAP_CAPS = Object.fromEntries(
  [...SERVICES, GATEWAY].filter((s) => s.nodeArgs).map((s) => [s.entry, s.nodeArgs.find((a) => a.startsWith('--max-old-space-size='))]),
);

const fail = (message) => {
  console.error(`[k8s-check] ${message}`);
  process.exit(1);
};

/** kubectl with a built-in kustomize new enough for the manifests (v4+: `labels`, target patches). */
function kubectl() {
  const bin = process.env.KUBECTL || 'kubectl';
  const version = spawnSync(bin, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    fail(
      `kubectl is not installed (or KUBECTL does not name it). The manifests render with kubectl's built-in kustomize: ` +
        `install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/; .ci/run installs it with apt-get where a package is available) and run again.`,
    );
  }
  const kustomize = JSON.parse(version.stdout).kustomizeVersion ?? '';
  const major = Number(/v(\d+)/.exec(kustomize)?.[1] ?? 0);
  if (major < 5) fail(`kubectl's kustomize is ${kustomize || 'missing'}; the manifests need kustomize v5 (kubectl 1.27 or newer).`);
  return bin;
}

/**
 * A secrets.env for rendering: the example's keys, each `<…>` placeholder replaced by a fresh value: a
 * fresh Ed25519 pair for the gateway's identity keys, random bytes for the rest.
 */
export function secretsFromExample(example) {
  const pair = generateKeyPairSync('ed25519');
  const keys = {
    GATEWAY_IDENTITY_PRIVATE_KEY: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    GATEWAY_IDENTITY_PUBLIC_KEY: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
  return example
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => {
      const name = line.slice(0, line.indexOf('='));
      return keys[name] ? `${name}=${keys[name]}` : line.replace(/<[^>]+>/g, () => randomBytes(24).toString('hex'));
    })
    .join('\n');
}

/** Every key the example lists, optional ones (commented out) included. */
function exampleKeys(example) {
  return example
    .split('\n')
    .map((l) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
    .filter(Boolean);
}

/**
 * kustomize wraps long base64 values of a Secret's data over several lines; the API server decodes
 * them ignoring line breaks (Go's base64), so the schema check sees them as it will.
 */
function asApiServerReads(object) {
  if (object.kind !== 'Secret' || !object.data) return object;
  return { ...object, data: Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, String(v).replace(/[\r\n]/g, '')])) };
}

function render(bin, dir) {
  const result = spawnSync(bin, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${path.basename(dir)} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout).map((d) => d.toJS()).filter(Boolean);
}

/** Schema validation of each object against the official OpenAPI schemas (kubernetes-models). */
export async function schemaProblems(objects) {
  const problems = [];
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata?.name}`;
    const group = object.apiVersion.includes('/') ? object.apiVersion : `v1`;
    let Model;
    try {
      const mod = await import(`kubernetes-models/${group === 'v1' ? 'v1' : group}/${object.kind}`);
      Model = mod[object.kind];
    } catch {
      problems.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(asApiServerReads(object)).validate();
    } catch (error) {
      problems.push(`${where} does not match the ${object.apiVersion} ${object.kind} schema: ${error.message}`);
    }
  }
  return problems;
}

const podTemplates = (objects) =>
  objects.flatMap((o) => {
    if (o.kind === 'Deployment' || o.kind === 'Job') return [{ owner: o, pod: o.spec.template }];
    if (o.kind === 'CronJob') return [{ owner: o, pod: o.spec.jobTemplate.spec.template }];
    return [];
  });

const matches = (selector, labels) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);

function entryOf(container) {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  return { argv, entry: argv.find((a) => a.endsWith('.js')) };
}

/** The container's environment as the kubelet builds it from the rendered ConfigMaps and Secrets. */
function containerEnv(container, objects, problems, where) {
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const data = (kind, name) => {
    const o = find(kind, name);
    if (!o) return null;
    if (kind === 'Secret') {
      const out = { ...(o.stringData ?? {}) };
      for (const [k, v] of Object.entries(o.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
      return out;
    }
    return o.data ?? {};
  };
  const env = {};
  const secretKeys = [];
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const values = data(kind, ref.name);
    if (!values) {
      if (!ref.optional) problems.push(`${where}: envFrom names ${kind} ${ref.name}, which the overlay does not create`);
      continue;
    }
    if (kind === 'Secret') secretKeys.push(...Object.keys(values));
    Object.assign(env, values);
  }
  for (const item of container.env ?? []) {
    if ('value' in item) env[item.name] = String(item.value);
    const ref = item.valueFrom?.secretKeyRef ?? item.valueFrom?.configMapKeyRef;
    if (!ref) continue;
    const kind = item.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap';
    if (kind === 'Secret') secretKeys.push(ref.key);
    const values = data(kind, ref.name);
    if (values && ref.key in values) env[item.name] = values[ref.key];
    else if (!ref.optional) problems.push(`${where}: ${item.name} refers to ${kind} ${ref.name} key ${ref.key}, which does not exist`);
  }
  return { env, secretKeys };
}

function loopbackUrls(config) {
  return Object.entries(config).filter(([, value]) => {
    if (typeof value !== 'string' || !/^[a-z]+:\/\//.test(value)) return false;
    try {
      return ['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(new URL(value).hostname);
    } catch {
      return false;
    }
  });
}

/** SalesTrail's own rules over the rendered objects; `secretKeys` are the keys secrets.env.example lists. */
export function manifestProblems(objects, { secretKeys: listedKeys }) {
  const problems = [];
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  const jobs = objects.filter((o) => o.kind === 'Job');
  const referencedKeys = new Set();
  const metricsPorts = new Set();
  if (deployments.length === 0) problems.push('no Deployment rendered');

  for (const d of deployments) {
    const where = `Deployment ${d.metadata.name}`;
    const pod = d.spec.template;
    const labels = pod.metadata?.labels ?? {};
    if (!pdbs.some((p) => matches(p.spec.selector, labels))) problems.push(`${where}: no PodDisruptionBudget selects its pods`);
    const hpa = hpas.find((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === d.metadata.name);
    const singleActive = labels['app.kubernetes.io/component'] === 'relay';
    if (hpa) {
      if (d.spec.replicas !== undefined) problems.push(`${where}: sets spec.replicas although an HPA scales it (each apply would reset the HPA's count)`);
      if (!hpa.spec.metrics?.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')) problems.push(`${where}: its HPA does not scale on CPU`);
      if ((hpa.spec.minReplicas ?? 1) < 2) problems.push(`${where}: its HPA allows a single replica (no availability during a disruption)`);
    } else if (!singleActive) {
      problems.push(`${where}: no HorizontalPodAutoscaler (only a single-active relay, component "relay", scales by hand)`);
    } else if ((d.spec.replicas ?? 1) < 2) {
      problems.push(`${where}: a relay needs a second replica waiting to take over`);
    }
    for (const c of pod.spec.containers) {
      const at = `${where} container ${c.name}`;
      const ports = c.ports ?? [];
      for (const [probe, wanted] of [['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']]) {
        const get = c[probe]?.httpGet;
        if (!get) {
          problems.push(`${at}: no ${probe} (HTTP GET ${wanted})`);
          continue;
        }
        if (get.path !== wanted) problems.push(`${at}: ${probe} checks ${get.path}, not ${wanted}`);
        const port = ports.find((p) => p.name === get.port || p.containerPort === get.port);
        if (!port) problems.push(`${at}: ${probe} port ${get.port} is not one of the container's ports`);
      }
    }
  }

  for (const { owner, pod } of podTemplates(objects)) {
    const where = `${owner.kind} ${owner.metadata.name}`;
    const podSecurity = pod.spec.securityContext ?? {};
    if (podSecurity.runAsNonRoot !== true) problems.push(`${where}: pod securityContext.runAsNonRoot is not true`);
    if (podSecurity.runAsUser === 0) problems.push(`${where}: runs as uid 0`);
    if (pod.spec.automountServiceAccountToken !== false) problems.push(`${where}: mounts a service account token it does not need`);
    const all = [...(pod.spec.initContainers ?? []).map((c) => ({ c, init: true })), ...pod.spec.containers.map((c) => ({ c, init: false }))];
    for (const { c, init } of all) {
      const at = `${where} ${init ? 'init container' : 'container'} ${c.name}`;
      const r = c.resources ?? {};
      for (const [kind, name] of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]) {
        if (r[kind]?.[name] === undefined) problems.push(`${at}: no resources.${kind}.${name}`);
      }
      const s = c.securityContext ?? {};
      if (s.allowPrivilegeEscalation !== false) problems.push(`${at}: securityContext.allowPrivilegeEscalation is not false`);
      if (!(s.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: securityContext.capabilities does not drop ALL`);
      if (s.readOnlyRootFilesystem !== true) problems.push(`${at}: securityContext.readOnlyRootFilesystem is not true`);
      if (s.runAsUser === 0 || s.runAsNonRoot === false || s.privileged) problems.push(`${at}: may run as root or privileged`);
      if (!/:[\w][\w.-]*$|@sha256:/.test(c.image ?? '') || /:latest$/.test(c.image)) problems.push(`${at}: image ${c.image} is not pinned to a release tag`);

      const { argv, entry } = entryOf(c);
      const proc = PROCESSES[entry];
      if (!proc) {
        problems.push(`${at}: runs ${argv.join(' ')}, which is not a SalesTrail process`);
        continue;
      }
      if (!ENTRIES.includes(entry)) problems.push(`${at}: ${entry} is not in the image (infra/scripts/image-check.mjs ENTRIES)`);
      const cap = HEAP_CAPS[entry];
      if (cap && !init && !argv.includes(cap)) problems.push(`${at}: runs ${entry} without its measured heap cap ${cap}`);
      const { env, secretKeys } = containerEnv(c, objects, problems, at);
      for (const key of secretKeys) referencedKeys.add(key);
      let config;
      try {
        config = require(path.join(ROOT, proc.config))[proc.load](env);
      } catch (error) {
        problems.push(`${at}: ${entry} would not start with this environment: ${error.message.replace(/\s+/g, ' ')}`);
        continue;
      }
      for (const [key, value] of loopbackUrls(config)) problems.push(`${at}: ${key} is ${value}, the pod itself (set it in the ConfigMap or Secret)`);
      if (proc.port && !init && owner.kind === 'Deployment') {
        const declared = (c.ports ?? []).map((p) => p.containerPort);
        if (!declared.includes(config[proc.port])) problems.push(`${at}: listens on ${proc.port}=${config[proc.port]}, not on a declared container port (${declared.join(', ')})`);
        if (!['0.0.0.0', '::'].includes(config[proc.host])) problems.push(`${at}: listens on ${proc.host}=${config[proc.host]}, unreachable for probes and Services`);
      }
      // Metrics: served on their own port, declared, and announced to Prometheus by the pod's annotations.
      if (proc.metrics && !init && owner.kind === 'Deployment') {
        const metricsPort = config[proc.metrics];
        const annotations = pod.metadata?.annotations ?? {};
        if (!(metricsPort > 0)) problems.push(`${at}: serves no metrics (${proc.metrics}=${metricsPort})`);
        else {
          if (!(c.ports ?? []).some((p) => p.containerPort === metricsPort && p.name === 'metrics')) {
            problems.push(`${at}: its metrics port ${proc.metrics}=${metricsPort} is not declared as container port "metrics"`);
          }
          if (annotations['prometheus.io/scrape'] !== 'true' || annotations['prometheus.io/port'] !== String(metricsPort)) {
            problems.push(`${at}: the pod's prometheus.io/scrape and prometheus.io/port annotations do not announce metrics port ${metricsPort}`);
          }
          metricsPorts.add(metricsPort);
        }
      }
      if (proc.service && !init && owner.kind === 'Deployment' && config.MIGRATE_ON_START === 'off') {
        const waits = (pod.spec.initContainers ?? []).some((i) => {
          const x = entryOf(i);
          return x.entry === `services/${proc.service}/dist/migrate.js` && x.argv.includes('--wait');
        });
        if (!waits) problems.push(`${at}: starts with MIGRATE_ON_START=off but does not wait for the ${proc.service} migrations (init container migrate.js --wait)`);
        const job = jobs.some((j) => j.spec.template.spec.containers.some((x) => entryOf(x).entry === `services/${proc.service}/dist/migrate.js`));
        if (!job) problems.push(`${at}: no Job runs the ${proc.service} migrations`);
      }
    }
  }

  // The metrics are never the public API's: no Service forwards a metrics port.
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    for (const p of svc.spec.ports ?? []) {
      if (p.targetPort === 'metrics' || metricsPorts.has(p.targetPort) || metricsPorts.has(p.port)) {
        problems.push(`Service ${svc.metadata.name}: exposes a metrics port (${p.port}); Prometheus scrapes the pods directly`);
      }
    }
  }

  for (const key of referencedKeys) if (!listedKeys.includes(key)) problems.push(`secret key ${key} is read by a process but not listed in secrets.env.example`);
  for (const key of listedKeys) if (!referencedKeys.has(key)) problems.push(`secrets.env.example lists ${key}, which no process reads`);
  return problems;
}

/** Renders and checks every overlay under `dir`; returns the problems, each naming its overlay. */
export async function checkOverlays(dir, only) {
  const bin = kubectl();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'salestrail-k8s-'));
  try {
    cpSync(dir, scratch, { recursive: true });
    const overlays = readdirSync(path.join(scratch, 'overlays')).filter((o) => !only || o === only);
    if (overlays.length === 0) throw new Error(`no overlay${only ? ` named ${only}` : ''} under ${dir}/overlays`);
    const problems = [];
    const counts = {};
    for (const overlay of overlays) {
      const base = path.join(scratch, 'overlays', overlay);
      const examplePath = path.join(base, 'secrets.env.example');
      const example = existsSync(examplePath) ? readFileSync(examplePath, 'utf8') : '';
      writeFileSync(path.join(base, 'secrets.env'), secretsFromExample(example));
      const objects = render(bin, base);
      counts[overlay] = objects.length;
      for (const p of [...(await schemaProblems(objects)), ...manifestProblems(objects, { secretKeys: exampleKeys(example) })]) {
        problems.push(`${overlay}: ${p}`);
      }
    }
    return { problems, counts };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: path.join(ROOT, 'infra', 'k8s') }, overlay: { type: 'string' } } });
  if (!existsSync(path.join(ROOT, 'services/records/dist/config.js'))) fail('run the build first (npm run build): the check loads each process configuration');
  const { problems, counts } = await checkOverlays(path.resolve(values.dir), values.overlay);
  const rendered = Object.entries(counts).map(([o, n]) => `${o} (${n} objects)`).join(', ');
  if (problems.length) {
    console.error(`[k8s-check] FAILED, ${rendered}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`[k8s-check] ok: ${rendered} render, match the Kubernetes schemas and SalesTrail's rules`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => fail(error.message));
}
