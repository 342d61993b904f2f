import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_PREFIX, UNVERSIONED } from '../../src/app.factory';
import { CONTEXT_MODULES } from '../../src/app.module';
import type { GatewayRoute } from '../../src/gateway/route-table';
import { PLATFORM_ROUTES_HOST, RouteTable } from '../../src/gateway/route-table';
import { CONTEXT_NAMES } from '../../src/platform/config/contexts';
import { createTestApp, type TestApp } from '../support/test-app';

const COMMITTED = join(process.cwd(), 'src/gateway/gateway-routes.ts');

const asList = (value: unknown): string[] => (Array.isArray(value) ? value : [value ?? '']) as string[];
const join_ = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Each process answers its own probes and metrics: the gateway routes none of them. */
const PER_PROCESS = /^\/(health\/|metrics$)/;

/**
 * Every route the app mounts, from Nest's own metadata, with the context whose module declares it;
 * the platform's few routes (the audit log, the development mailbox, local media) go to
 * PLATFORM_ROUTES_HOST.
 */
function contextRoutes(t: TestApp): GatewayRoute[] {
  const routes: GatewayRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    const context =
      CONTEXT_NAMES.find((name) => CONTEXT_MODULES[name] === module.metatype) ?? PLATFORM_ROUTES_HOST;
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller) continue;
      for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined)
            continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            const local = join_(base, path);
            const unversioned = UNVERSIONED.includes(local.slice(1));
            if (PER_PROCESS.test(local)) continue;
            routes.push({ method, path: unversioned ? local : join_(API_PREFIX, local), context });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function render(routes: GatewayRoute[]): string {
  const lines = routes.map((r) => `  { method: '${r.method}', path: '${r.path}', context: '${r.context}' },`);
  return [
    '// Generated from the app by test/contract/gateway-routes.e2e-spec.ts',
    '// (UPDATE_GATEWAY_ROUTES=1 npm test -- test/contract/gateway-routes): do not edit by hand.',
    "import type { GatewayRoute } from './route-table';",
    '',
    'export const GATEWAY_ROUTES: readonly GatewayRoute[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}

describe("the gateway's route table", () => {
  let t: TestApp;
  let routes: GatewayRoute[];
  beforeAll(async () => {
    t = await createTestApp();
    routes = contextRoutes(t);
  });
  afterAll(() => t.close());

  it('matches the routes of the contexts (UPDATE_GATEWAY_ROUTES=1 to accept a change)', () => {
    if (process.env.UPDATE_GATEWAY_ROUTES === '1') writeFileSync(COMMITTED, render(routes));
    expect(readFileSync(COMMITTED, 'utf8')).toEqual(render(routes));
  });

  it('sends every operation of the public contract to one context', () => {
    const document = JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const table = new RouteTable(routes);
    const unrouted: string[] = [];
    for (const [path, operations] of Object.entries(document.paths))
      for (const method of Object.keys(operations)) {
        const concrete = path.replace(/\{[^}]+\}/g, 'x');
        if (path.startsWith('/health/')) continue; // each process answers its own probes
        if (!table.contextOf(method.toUpperCase(), concrete)) unrouted.push(`${method} ${path}`);
      }
    expect(unrouted).toEqual([]);
  });
});
