import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, loadAll, mergeTag } from 'js-yaml';

/**
 * The processes that compose.yaml and deploy/k8s/ declare, read into one shape so the same checks
 * run on both: its name, how it is reached by the others, its command and its environment as the
 * app would see it (compose interpolation done, ConfigMap and Secret references filled in).
 */
export interface TopologyProcess {
  name: string;
  /** `http://<host>:<port>`: where the other processes and the gateway reach it. */
  url: string | undefined;
  image: string | undefined;
  command: string[] | undefined;
  env: Record<string, string>;
}

type Yaml = Record<string, unknown>;
const YAML = { schema: CORE_SCHEMA.withTags(mergeTag) };
const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Placeholder values for secrets, long enough for the app's own validation. */
export const SAMPLE_SECRET = 's'.repeat(48);

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR:?message}`, as run with every variable exported. */
function interpolate(value: string): string {
  return value.replace(/\$\{[A-Z0-9_]+(?::[-?][^}]*)?\}/g, SAMPLE_SECRET);
}

/** The variables compose.yaml requires (`${VAR:?...}`), wherever they are. */
export function requiredComposeVariables(root: string): string[] {
  const text = readFileSync(join(root, 'compose.yaml'), 'utf8');
  return [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+):?\?/g)].map((m) => m[1]))];
}

export function readCompose(root: string) {
  const doc = load(readFileSync(join(root, 'compose.yaml'), 'utf8'), YAML) as Yaml;
  const services = doc.services as Record<string, Yaml>;
  const processes = Object.entries(services).map(([name, s]): TopologyProcess & { service: Yaml } => {
    const env = Object.fromEntries(
      Object.entries((s.environment ?? {}) as Yaml).map(([k, v]) => [k, interpolate(String(v))]),
    );
    return {
      name,
      service: s,
      url: `http://${name}:${env.PORT ?? '3000'}`,
      image: str(s.image) ?? (s.build !== undefined ? `build:${JSON.stringify(s.build)}` : undefined),
      command: s.command as string[] | undefined,
      env,
    };
  });
  return { services, processes };
}

export function readKubernetes(root: string) {
  const dir = join(root, 'deploy', 'k8s');
  const kustomization = load(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Yaml;
  const resources = kustomization.resources as string[];
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  const objects = resources.flatMap((f) => loadAll(readFileSync(join(dir, f), 'utf8')) as Yaml[]);
  const ofKind = (kind: string) => objects.filter((o) => o?.kind === kind) as Yaml[];
  const config = Object.assign(
    {},
    ...ofKind('ConfigMap').map((c) => ({ [(c.metadata as Yaml).name as string]: c.data as Yaml })),
  ) as Record<string, Record<string, string>>;

  const deployments = ofKind('Deployment').map((d) => {
    const template = (d.spec as Yaml).template as Yaml;
    const pod = template.spec as Yaml;
    const container = (pod.containers as Yaml[])[0];
    const labels = (template.metadata as Yaml).labels as Record<string, string>;
    const port = ((container.ports as Yaml[]) ?? [])[0] as Yaml | undefined;
    const service = ofKind('Service').find((s) => {
      const selector = (s.spec as Yaml).selector as Record<string, string>;
      return Object.entries(selector).every(([k, v]) => labels[k] === v);
    });
    const servicePort = service
      ? ((service.spec as Yaml).ports as Yaml[]).find(
          (p) => p.targetPort === port?.name || p.targetPort === port?.containerPort,
        )
      : undefined;
    const env: Record<string, string> = {};
    for (const from of (container.envFrom ?? []) as Yaml[]) {
      Object.assign(env, config[((from.configMapRef as Yaml).name as string) ?? ''] ?? {});
    }
    for (const e of (container.env ?? []) as Yaml[]) {
      const secret = (e.valueFrom as Yaml | undefined)?.secretKeyRef as Yaml | undefined;
      if (e.value !== undefined) env[e.name as string] = String(e.value);
      else if (secret && !secret.optional) env[e.name as string] = sampleFor(e.name as string);
    }
    const process: TopologyProcess = {
      name: (d.metadata as Yaml).name as string,
      url: service ? `http://${(service.metadata as Yaml).name}:${servicePort?.port}` : undefined,
      image: str(container.image),
      command: container.command as string[] | undefined,
      env,
    };
    return { process, deployment: d, pod, container, service };
  });
  return { resources, files, objects, deployments, ofKind };
}

function sampleFor(variable: string): string {
  if (variable.endsWith('DATABASE_URL')) return 'postgres://app:secret@db.example:5432/onesociety';
  return SAMPLE_SECRET;
}
