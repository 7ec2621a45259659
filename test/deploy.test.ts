/**
 * deploy/: the container image, the Compose file and the Kubernetes overlays, checked offline
 * (issue 18 §4). Each overlay is rendered with the subset of kustomize it uses (`resources`,
 * `components`, `namespace`: anything else in a kustomization fails here), every object is
 * validated against the Kubernetes v1.33.0 schemas of `kubernetes-models` 4.5 (which checks types,
 * required fields and enums, not unknown fields), and what a reviewer looks for is asserted: probes,
 * non-root and read-only containers, resources, references that resolve, an HPA and a PDB per
 * role, network policies, the roles' commands against the real CLI, and Compose agreeing with
 * Kubernetes. When `kubectl` is installed, its `kustomize` must render the same objects.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { APP_MIGRATIONS } from '../src/app.js';

const KUBERNETES = 'deploy/kubernetes';
const OVERLAYS = ['single', 'services'] as const;

type Labels = Record<string, string>;
interface Probe { httpGet?: { path?: string; port?: string | number } }
interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } } }
interface Container {
  name: string; image: string; args?: string[]; ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[]; envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe;
  securityContext?: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
}
interface PeerSelector { podSelector?: { matchLabels?: Labels }; namespaceSelector?: unknown; ipBlock?: unknown }
/** A rendered object, typed as far as these checks read it. */
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: Labels | { matchLabels?: Labels };
    template?: { metadata: { labels: Labels }; spec: PodSpec };
    ports?: { port: number; targetPort?: string | number }[];
    scaleTargetRef?: { kind: string; name: string };
    minReplicas?: number;
    maxUnavailable?: number | string;
    podSelector?: { matchLabels?: Labels };
    policyTypes?: string[];
    ingress?: { from?: PeerSelector[]; ports?: { port?: string | number }[] }[];
  };
}

/** The schema class of each kind the overlays use (an unknown kind fails the validation test). */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

/** Every document of a YAML file. @throws Error naming the file on a syntax error. */
function yamlDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    return doc.toJS() as unknown;
  }).filter((doc) => doc !== null);
}

/**
 * The objects `kubectl kustomize <dir>` gives for the kustomize subset used here: `resources`
 * (files, or folders with their own kustomization) and `components` (folders of kind Component),
 * in order, then `namespace` set on each.
 * @throws Error on any other kustomization field (it would be ignored here, not by kustomize).
 */
function render(dir: string): K8sObject[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as { resources?: string[]; components?: string[]; namespace?: string };
  const unsupported = Object.keys(kustomization).filter((key) => !['apiVersion', 'kind', 'resources', 'components', 'namespace'].includes(key));
  if (unsupported.length > 0) throw new Error(`${dir}/kustomization.yaml: ${unsupported.join(', ')} not supported by this test's renderer`);
  const objects = [...(kustomization.resources ?? []), ...(kustomization.components ?? [])].flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? render(path) : (yamlDocuments(path) as K8sObject[]);
  });
  const { namespace } = kustomization;
  return namespace ? objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace } })) : objects;
}

const rendered = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, render(join(KUBERNETES, 'overlays', overlay))])) as Record<(typeof OVERLAYS)[number], K8sObject[]>;
const ofKind = (objects: K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);
const podSpec = (deployment: K8sObject): PodSpec => deployment.spec?.template?.spec as PodSpec;
const podLabels = (deployment: K8sObject): Labels => deployment.spec?.template?.metadata.labels ?? {};
const mainContainer = (deployment: K8sObject): Container => podSpec(deployment).containers[0] as Container;
/** Whether a label selector (`matchLabels` or a Service's plain map) selects pods labelled `labels`. */
const selects = (selector: Labels | undefined, labels: Labels): boolean => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
/** The modules a role serves (its `--modules`), or null for every module (`serve` without it). */
function modulesOf(deployment: K8sObject): string[] | null {
  const args = mainContainer(deployment).args ?? [];
  const at = args.indexOf('--modules');
  return at < 0 ? null : (args[at + 1] ?? '').split(',');
}

/** The module names (the migration sets but the platform's). */
const MODULES = APP_MIGRATIONS.map((set) => set.name).filter((name) => name !== 'events');
const IMAGE = `comptoir:${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}`;

const execFileAsync = promisify(execFile);
/** The help of the real CLI (`comptoir [command] --help`): its commands and their options. */
const cliHelp = async (args: string[]): Promise<string> =>
  (await execFileAsync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args, '--help'], { encoding: 'utf8' })).stdout;
/** The CLI's command names and `serve`'s help, read once for every overlay (each read starts the CLI). */
let cli: Promise<{ commands: Set<string>; serveHelp: string }> | undefined;
const readCli = () =>
  (cli ??= Promise.all([cliHelp([]), cliHelp(['serve'])]).then(([main, serveHelp]) => ({
    commands: new Set([...(main.split('Commands:')[1] ?? '').matchAll(/^ {2}(\S+)/gm)].map((m) => m[1] as string)),
    serveHelp,
  })));

describe.each(OVERLAYS)('deploy/kubernetes/overlays/%s', (overlay) => {
  const objects = rendered[overlay];
  const deployments = ofKind(objects, 'Deployment');

  it('renders objects that are valid against the Kubernetes v1.33.0 schemas (kubernetes-models 4.5)', () => {
    expect(deployments.length).toBeGreaterThan(0);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(Model, `${object.apiVersion} ${object.kind} ${object.metadata.name}`).toBeDefined();
      expect(() => new (Model as (typeof MODELS)[string])(object as never).validate(), `${object.kind} ${object.metadata.name}`).not.toThrow();
      expect(object.metadata.namespace).toBe('comptoir');
    }
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('runs every role from the one image with probes, resources and a non-root, read-only container', () => {
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const pod = podSpec(deployment);
      const container = mainContainer(deployment);
      expect(pod.containers, name).toHaveLength(1);
      expect(container.image, name).toBe(IMAGE);
      // Liveness never checks the database (/health); readiness does (/ready); a slow first migration is covered by the startup probe.
      expect(container.livenessProbe?.httpGet, name).toEqual({ path: '/health', port: 'http' });
      expect(container.readinessProbe?.httpGet, name).toEqual({ path: '/ready', port: 'http' });
      expect(container.startupProbe?.httpGet, name).toEqual({ path: '/health', port: 'http' });
      expect(container.ports?.map((p) => p.name), name).toEqual(['http']);
      for (const kind of ['requests', 'limits'] as const) {
        expect(Object.keys(container.resources?.[kind] ?? {}).sort(), `${name} ${kind}`).toEqual(['cpu', 'memory']);
      }
      expect(pod.securityContext?.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext?.runAsUser, name).toBeGreaterThan(0);
      expect(container.securityContext, name).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      // The writable places of a read-only root: the data dir and /tmp.
      expect(container.volumeMounts?.map((m) => m.mountPath).sort(), name).toEqual(['/tmp', '/var/lib/comptoir']);
      // The HorizontalPodAutoscaler owns the replica count.
      expect(deployment.spec?.replicas, name).toBeUndefined();
    }
  });

  it('commits no Secret, and every Secret, ConfigMap and volume reference resolves', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const configMaps = new Map(ofKind(objects, 'ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]));
    const claims = new Set(ofKind(objects, 'PersistentVolumeClaim').map((c) => c.metadata.name));
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const container = mainContainer(deployment);
      const env = new Map((container.env ?? []).map((e) => [e.name, e]));
      for (const e of env.values()) {
        const secret = e.valueFrom?.secretKeyRef;
        if (secret) expect(secret.name, `${name} ${e.name}`).toBe('comptoir-secrets');
        const key = e.valueFrom?.configMapKeyRef;
        if (key) expect(configMaps.get(key.name)?.[key.key], `${name} ${e.name}`).toBeDefined();
      }
      for (const from of container.envFrom ?? []) {
        expect(from.secretRef, name).toBeUndefined();
        expect(configMaps.has(from.configMapRef?.name ?? ''), name).toBe(true);
      }
      // Every process verifies access tokens with the same secret, from the Secret.
      expect(env.get('JWT_SECRET')?.valueFrom?.secretKeyRef?.optional, name).not.toBe(true);
      expect(env.get('JWT_SECRET')?.valueFrom?.secretKeyRef?.key, name).toBe('jwt-secret');
      for (const volume of podSpec(deployment).volumes ?? []) {
        if (volume.persistentVolumeClaim) expect(claims.has(volume.persistentVolumeClaim.claimName), `${name} ${volume.name}`).toBe(true);
      }
    }
    // Every process of the services layout reads its database's URL from the secret: the search
    // role its own, the others the shared one (their contract calls to each other run in process).
    const databases = new Map(deployments.flatMap((d) => (mainContainer(d).env ?? []).filter((e) => e.name === 'DATABASE_URL').map((e) => [d.metadata.name, e.valueFrom?.secretKeyRef?.key])));
    expect(databases.size).toBe(deployments.filter((d) => mainContainer(d).args?.[0] === 'serve').length);
    for (const [name, key] of databases) expect(key, name).toBe(name === 'search' ? 'search-database-url' : 'database-url');
  });

  it('gives each role a Service, an HPA of at least two replicas and a PodDisruptionBudget', () => {
    const services = ofKind(objects, 'Service');
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    const pdbs = ofKind(objects, 'PodDisruptionBudget');
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const labels = podLabels(deployment);
      const service = services.find((s) => s.metadata.name === name);
      expect(selects(service?.spec?.selector as Labels, labels), `Service ${name}`).toBe(true);
      expect(service?.spec?.ports?.map((p) => p.targetPort), name).toEqual(['http']);
      const hpa = hpas.find((h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);
      expect(hpa?.spec?.minReplicas, `HPA ${name}`).toBeGreaterThanOrEqual(2);
      expect(pdbs.filter((p) => selects((p.spec?.selector as { matchLabels?: Labels }).matchLabels, labels)).map((p) => p.spec?.maxUnavailable), `PDB ${name}`).toEqual([1]);
    }
    expect(hpas).toHaveLength(deployments.length);
  });

  it('denies ingress by default, opens the public role to all and the internal ones to Comptoir pods only', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    expect(policies.some((p) => Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length === 0 && p.spec?.policyTypes?.includes('Ingress') && !p.spec.ingress?.length)).toBe(true);
    const comptoirPod: Labels = { 'app.kubernetes.io/name': 'comptoir' };
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const labels = podLabels(deployment);
      const rules = policies.filter((p) => selects(p.spec?.podSelector?.matchLabels, labels)).flatMap((p) => p.spec?.ingress ?? []);
      expect(rules.length, name).toBeGreaterThan(0);
      for (const rule of rules) expect(rule.ports?.map((p) => p.port), name).toEqual(['http']);
      if (labels['comptoir.dev/exposure'] === 'public') continue;
      expect(labels['comptoir.dev/exposure'], name).toBe('internal');
      for (const peer of rules.flatMap((rule) => rule.from ?? [{}])) {
        // Only pod selectors of this namespace naming Comptoir pods: no other namespace, no address range, no "anyone".
        expect(peer, name).toEqual({ podSelector: { matchLabels: comptoirPod } });
      }
    }
  });

  it('runs real CLI commands, and the modules every role serves are real modules', async () => {
    const { commands, serveHelp } = await readCli();
    for (const deployment of deployments) {
      const [command, ...rest] = mainContainer(deployment).args ?? [];
      expect(['serve', 'gateway'], deployment.metadata.name).toContain(command);
      expect(commands, deployment.metadata.name).toContain(command);
      if (rest.includes('--modules')) expect(serveHelp).toContain('--modules');
      for (const module of modulesOf(deployment) ?? []) expect(MODULES, deployment.metadata.name).toContain(module);
    }
  });
});

describe('the two Kubernetes layouts', () => {
  it('single: one process serving every module', () => {
    const deployments = ofKind(rendered.single, 'Deployment');
    expect(deployments.map((d) => mainContainer(d).args)).toEqual([['serve']]);
  });

  it('services: every module served by exactly one role, and GATEWAY_ROUTES sends it to that role', () => {
    const deployments = ofKind(rendered.services, 'Deployment');
    const gateways = deployments.filter((d) => mainContainer(d).args?.[0] === 'gateway');
    expect(gateways.map((d) => podLabels(d)['comptoir.dev/exposure'])).toEqual(['public']);
    const roles = deployments.filter((d) => !gateways.includes(d));
    expect(roles.map((d) => podLabels(d)['comptoir.dev/exposure'])).toEqual(roles.map(() => 'internal'));
    const served = roles.flatMap((d) => modulesOf(d) ?? []);
    expect([...served].sort()).toEqual([...MODULES].sort());

    const gateway = gateways[0] as K8sObject;
    const ref = mainContainer(gateway).env?.find((e) => e.name === 'GATEWAY_ROUTES')?.valueFrom?.configMapKeyRef;
    const config = rendered.services.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref?.name);
    const routes = JSON.parse(config?.data?.[ref?.key ?? ''] ?? '{}') as Record<string, string>;
    expect(Object.keys(routes).sort()).toEqual([...MODULES].sort());
    for (const [module, base] of Object.entries(routes)) {
      const url = new URL(base);
      const service = ofKind(rendered.services, 'Service').find((s) => s.metadata.name === url.hostname);
      expect(service?.spec?.ports?.map((p) => p.port), module).toContain(Number(url.port));
      const role = roles.find((d) => selects(service?.spec?.selector as Labels, podLabels(d)));
      expect(role && modulesOf(role), module).toContain(module);
    }
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!kubectl).each(OVERLAYS)('%s: kubectl kustomize renders the same objects', (overlay) => {
    const byName = (objects: K8sObject[]) => [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
    const output = execFileSync('kubectl', ['kustomize', join(KUBERNETES, 'overlays', overlay)], { encoding: 'utf8' });
    const theirs = parseAllDocuments(output).map((d) => d.toJS() as K8sObject);
    expect(byName(theirs)).toEqual(byName(rendered[overlay]));
  });
});

interface ComposeService {
  image?: string; command?: string[]; ports?: string[]; environment?: Record<string, string>;
  healthcheck?: { test?: string[] }; depends_on?: Record<string, { condition?: string }>; volumes?: string[];
}

describe('deploy/compose.yaml', () => {
  // Merge keys (`<<: *comptoir`) are Compose's way to share a block.
  const compose = parse(readFileSync('deploy/compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const services = Object.entries(compose.services);
  const apps = services.filter(([, s]) => s.image === IMAGE);

  it('has a healthcheck on every service, and waits for healthy dependencies', () => {
    for (const [name, service] of services) {
      expect(service.healthcheck?.test?.length, name).toBeGreaterThan(0);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(compose.services[dependency], `${name} → ${dependency}`).toBeDefined();
        expect(condition, `${name} → ${dependency}`).toBe('service_healthy');
      }
    }
    for (const [name, service] of apps) {
      // Ready means migrated: the gateway gets traffic only once every role is.
      expect(service.healthcheck?.test?.join(' '), name).toContain('/ready');
      const needs = service.command?.[0] === 'gateway' ? apps.map(([n]) => n).filter((n) => n !== name) : ['postgres', 'rabbitmq', 'redis'];
      expect(Object.keys(service.depends_on ?? {}), name).toEqual(expect.arrayContaining(needs));
    }
    expect(services.filter(([, s]) => s.ports?.length).map(([name]) => name)).toEqual(['gateway']);
  });

  it('runs the roles of the Kubernetes services layout: same image, commands and routes', () => {
    const deployments = ofKind(rendered.services, 'Deployment');
    expect(apps.map(([name]) => name).sort()).toEqual(deployments.map((d) => d.metadata.name).sort());
    for (const [name, service] of apps) {
      expect(service.command, name).toEqual(mainContainer(deployments.find((d) => d.metadata.name === name) as K8sObject).args);
    }
    const routes = rendered.services.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'comptoir-gateway')?.data?.GATEWAY_ROUTES;
    expect(JSON.parse(compose.services.gateway?.environment?.GATEWAY_ROUTES ?? '')).toEqual(JSON.parse(routes ?? ''));
  });

  it('gives the search role its own database and the other roles a shared one, created on the first start of PostgreSQL', () => {
    const databases = new Map(apps.filter(([, s]) => s.environment?.DATABASE_URL).map(([name, s]) => [name, new URL(s.environment?.DATABASE_URL as string)]));
    expect(databases.size).toBe(apps.filter(([, s]) => s.command?.[0] === 'serve').length);
    for (const [name, url] of databases) {
      const own = name === 'search' ? 'comptoir_search' : 'comptoir';
      expect([url.pathname.slice(1), url.username], name).toEqual([own, own]);
    }
    // Every role knows where the others run (contract calls over /internal), as the gateway does.
    for (const [name, s] of apps) expect(JSON.parse(s.environment?.COMPTOIR_SERVICES ?? '{}'), name).toEqual(JSON.parse(compose.services.gateway?.environment?.GATEWAY_ROUTES ?? ''));
    const postgres = compose.services.postgres as ComposeService;
    expect(postgres.environment?.COMPTOIR_DATABASES?.split(' ')).toEqual(['comptoir', 'comptoir_search']);
    expect(postgres.volumes).toContain('./postgres/create-databases.sh:/docker-entrypoint-initdb.d/create-databases.sh:ro');
  });
});

describe('deploy/Dockerfile', () => {
  // One instruction per entry: continuation lines joined, comments and blank lines dropped.
  const instructions = readFileSync('deploy/Dockerfile', 'utf8').replace(/\\\n(\s*#.*\n)*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: string[][] = [];
  for (const line of instructions) {
    if (line.startsWith('FROM ')) stages.push([line]);
    else stages.at(-1)?.push(line);
  }
  const runtime = stages.at(-1) ?? [];
  const stage = (name: string) => stages.find((s) => s[0]?.endsWith(` AS ${name}`)) ?? [];

  it('builds with every dependency and ships production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stage('build').join('\n')).toMatch(/RUN .*npm ci/);
    expect(stage('build').join('\n')).toContain('npm run build');
    expect(stage('deps').join('\n')).toMatch(/RUN .*npm ci --omit=dev/);
    expect(runtime).toContain('COPY --from=deps /app/node_modules ./node_modules');
  });

  it('runs as a numeric non-root user, with a HEALTHCHECK on /health and the CLI as entry point', () => {
    const user = runtime.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK '))).toContain('/health');
    expect(runtime).toContain('ENTRYPOINT ["node", "dist/main.js"]');
    expect(runtime).toContain('CMD ["serve"]');
  });

  it('ships what the server reads at run time, which .dockerignore leaves in the build context', () => {
    const copied = (stage('build').join(' ').match(/cp -r --parents ([^&]+)/)?.[1] ?? '').trim().split(/\s+/);
    for (const { folder } of APP_MIGRATIONS) {
      const covered = copied.includes(folder) || (copied.includes('src/modules/*/db/migrations') && /^src\/modules\/[a-z-]+\/db\/migrations$/.test(folder));
      expect(covered, folder).toBe(true);
    }
    expect(copied).toContain('web/src/i18n');
    for (const line of ['COPY package.json ./', 'COPY data/demo ./data/demo', 'COPY --from=build /out/ ./', 'COPY --from=build /app/dist ./dist', 'COPY --from=build /app/web/dist ./web/dist']) {
      expect(runtime).toContain(line);
    }
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const needed of ['src', 'web', 'data', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json']) expect(ignored, needed).not.toContain(needed);
  });
});
