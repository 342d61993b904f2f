import type { ContextName } from '../platform/config/contexts';

/**
 * The platform's own routes (the audit log, the development mailbox, local media files) are served
 * by the process hosting identity, where the people who use them (admins, developers) sign in.
 */
export const PLATFORM_ROUTES_HOST: ContextName = 'identity';

/** One public route and the context that serves it: `GET /api/v1/products/:id` → catalog. */
export interface GatewayRoute {
  method: string;
  path: string;
  context: ContextName;
}

interface Compiled extends GatewayRoute {
  segments: string[];
  /** Literal segments count first: `/rentals/quote` wins over `/rentals/:id`. */
  literals: number;
}

const split = (path: string) => path.split('/').filter(Boolean);

/**
 * Finds the context serving a request from the route table the monolith generates
 * (gateway-routes.ts). Paths are matched segment by segment; `:name` matches any one segment;
 * the route with the most literal segments wins, as in the app's own router.
 */
export class RouteTable {
  private readonly routes: Compiled[];

  constructor(routes: readonly GatewayRoute[]) {
    this.routes = routes
      .map((route) => {
        const segments = split(route.path);
        return { ...route, segments, literals: segments.filter((s) => !s.startsWith(':')).length };
      })
      .sort((a, b) => b.literals - a.literals);
  }

  /** The context serving `method path` (HEAD as GET), or undefined when no public route matches. */
  contextOf(method: string, path: string): ContextName | undefined {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const segments = split(path);
    const match = this.routes.find(
      (route) =>
        (route.method === wanted || route.method === 'ALL') &&
        route.segments.length === segments.length &&
        route.segments.every((s, i) => s.startsWith(':') || s === segments[i]),
    );
    return match?.context;
  }

  /** Whether any route has this path under another method (a 405 rather than a 404). */
  hasPath(path: string): boolean {
    const segments = split(path);
    return this.routes.some(
      (route) =>
        route.segments.length === segments.length &&
        route.segments.every((s, i) => s.startsWith(':') || s === segments[i]),
    );
  }
}
