import 'reflect-metadata';
import { loadConfig } from '../../src/platform/config/app-config';
import type { ContextName } from '../../src/platform/config/contexts';
import { CONTEXT_NAMES, parseContexts, parseContextUrls } from '../../src/platform/config/contexts';
import type { TopologyProcess } from './topology-files';
import { readCompose, readKubernetes, requiredComposeVariables } from './topology-files';

// jest runs from the project root (rootDir); tests are ESM, so there is no __dirname.
const root = process.cwd();
const compose = readCompose(root);
const k8s = readKubernetes(root);

const GATEWAY = ['node', 'dist/src/gateway.js'];
const isGateway = (p: TopologyProcess) => JSON.stringify(p.command) === JSON.stringify(GATEWAY);
const hostsContexts = (p: TopologyProcess) => p.env.CONTEXTS !== undefined && !isGateway(p);

/** Every split process's contexts, and the problems of its CONTEXT_URLS (and the gateway's). */
function splitProblems(processes: TopologyProcess[]): string[] {
  const hosts = processes.filter(hostsContexts);
  const hostOf = new Map<ContextName, TopologyProcess>();
  const problems: string[] = [];
  for (const p of hosts) {
    for (const context of parseContexts(p.env.CONTEXTS)) {
      if (hostOf.has(context))
        problems.push(`${context} hosted by ${hostOf.get(context)?.name} and ${p.name}`);
      hostOf.set(context, p);
    }
  }
  for (const context of CONTEXT_NAMES) if (!hostOf.has(context)) problems.push(`${context} hosted nowhere`);
  for (const p of [...hosts, ...processes.filter(isGateway)]) {
    const urls = parseContextUrls(p.env.CONTEXT_URLS);
    const own = isGateway(p) ? [] : parseContexts(p.env.CONTEXTS);
    for (const context of CONTEXT_NAMES) {
      const expected = own.includes(context) ? undefined : hostOf.get(context)?.url;
      if (urls[context] !== expected) {
        problems.push(
          `${p.name}: ${context} at ${urls[context] ?? 'nowhere'}, expected ${expected ?? 'none'}`,
        );
      }
    }
  }
  return problems;
}

describe('topology files: the split covers every context once and wires each process to the others', () => {
  const splitOf = (processes: TopologyProcess[]) =>
    Object.fromEntries(processes.filter(hostsContexts).map((p) => [p.name, parseContexts(p.env.CONTEXTS)]));

  describe('compose.yaml', () => {
    const split = compose.processes.filter((p) =>
      (compose.services[p.name].profiles as string[])?.includes('split'),
    );

    it('keeps the monolith: `api` hosts every context, outside any profile', () => {
      const api = compose.processes.find((p) => p.name === 'api');
      expect(api?.service.profiles).toBeUndefined();
      expect(parseContexts(api?.env.CONTEXTS)).toEqual([...CONTEXT_NAMES]);
    });

    it('asks a plain `docker compose up` for no split-only variable (Compose checks every profile)', () => {
      expect(requiredComposeVariables(root)).toEqual(['JWT_SECRET']);
    });

    it('splits into identity-catalog, rental-payment and community, each context exactly once', () => {
      expect(splitOf(split)).toEqual({
        'identity-catalog': ['identity', 'catalog', 'trust', 'integration'],
        'rental-payment': ['rental', 'payment', 'subscription'],
        community: ['messaging', 'review', 'notification'],
      });
      expect(splitProblems(split)).toEqual([]);
    });

    it('runs the same image everywhere; the gateway publishes the API', () => {
      const appImages = new Set(split.filter((p) => hostsContexts(p) || isGateway(p)).map((p) => p.image));
      expect(appImages.size).toBe(1);
      expect(compose.services.api.build).toBe(compose.services['identity-catalog'].build);
      const gateway = split.filter(isGateway);
      expect(gateway.map((g) => g.name)).toEqual(['gateway']);
      expect(compose.services.gateway.ports).toHaveLength(1);
      expect(gateway[0].env.PORT).toBeDefined();
    });

    it('gives each process the secret, NATS with JetStream, a database and a readiness check', () => {
      const nats = compose.services[new URL(split.find(hostsContexts)!.env.NATS_URL).hostname];
      expect(nats.command).toContain('-js');
      for (const p of split.filter((s) => hostsContexts(s) || isGateway(s))) {
        expect(JSON.stringify(compose.services[p.name].healthcheck)).toContain('/health/ready');
        if (isGateway(p)) continue;
        expect(p.env).toMatchObject({
          INTERNAL_API_SECRET: expect.any(String),
          NATS_URL: expect.stringMatching(/^nats:\/\//),
          DATABASE_URL: expect.stringMatching(/^postgres:\/\//),
        });
        // The app's own start-up validation (a split needs CONTEXT_URLS, the secret and NATS).
        expect(() => loadConfig({ NODE_ENV: 'production', ...p.env })).not.toThrow();
      }
    });
  });

  describe('deploy/k8s', () => {
    const processes = k8s.deployments.map((d) => d.process);

    it('applies every manifest in the folder, and only those', () => {
      expect([...k8s.resources].sort()).toEqual([...k8s.files].sort());
    });

    it('splits as compose does, each context exactly once, CONTEXT_URLS naming the right Service', () => {
      expect(splitOf(processes)).toEqual(splitOf(compose.processes));
      expect(splitProblems(processes)).toEqual([]);
      expect(processes.filter(isGateway).map((p) => p.name)).toEqual(['gateway']);
    });

    it('runs one image; each process starts with the app own validation passing', () => {
      expect(new Set(processes.map((p) => p.image)).size).toBe(1);
      for (const p of processes.filter(hostsContexts)) expect(() => loadConfig(p.env)).not.toThrow();
    });

    it.each(k8s.deployments.map((d) => [d.process.name, d] as const))(
      '%s: probes, resources, non-root, read-only root with writable /tmp and DATA_DIR',
      (_name, { process: p, pod, container, service }) => {
        expect(service).toBeDefined();
        expect(container).toMatchObject({
          livenessProbe: { httpGet: { path: '/health/live' } },
          readinessProbe: { httpGet: { path: '/health/ready' } },
          resources: { requests: { cpu: expect.anything(), memory: expect.anything() } },
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        });
        expect((container.resources as { limits: object }).limits).toHaveProperty('memory');
        expect(pod).toMatchObject({ securityContext: { runAsNonRoot: true } });
        const mounts = (container.volumeMounts as { mountPath: string }[]).map((m) => m.mountPath);
        expect(mounts).toContain('/tmp');
        if (hostsContexts(p)) expect(mounts).toContain(p.env.DATA_DIR);
      },
    );

    it('exposes the gateway, and only it, through the Ingress', () => {
      const backends = k8s
        .ofKind('Ingress')
        .flatMap((i) => JSON.stringify(i.spec).match(/"service":\{"name":"[^"]+"/g) ?? []);
      expect(new Set(backends)).toEqual(new Set(['"service":{"name":"gateway"']));
    });
  });

  it('catches a planted mistake: a context hosted twice, one forgotten, a URL to the wrong process', () => {
    const planted = compose.processes.map((p) => ({ ...p, env: { ...p.env } }));
    const community = planted.find((p) => p.name === 'community')!;
    community.env.CONTEXTS = 'messaging,review,catalog';
    const rental = planted.find((p) => p.name === 'rental-payment')!;
    rental.env.CONTEXT_URLS = rental.env.CONTEXT_URLS.replace(
      'identity=http://identity-catalog',
      'identity=http://community',
    );
    expect(splitProblems(planted)).toEqual(
      expect.arrayContaining([
        'catalog hosted by identity-catalog and community',
        'notification hosted nowhere',
        'rental-payment: identity at http://community:3000, expected http://identity-catalog:3000',
      ]),
    );
  });
});
