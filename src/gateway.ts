import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_NAMES, parseContextUrls } from './platform/config/contexts';
import { GATEWAY_ROUTES } from './gateway/gateway-routes';
import { createGateway } from './gateway/gateway-server';
import { RouteTable } from './gateway/route-table';

/**
 * The gateway of a split deployment (`node dist/src/gateway.js`): PORT, HOST, CONTEXT_URLS naming
 * the process of every context, GATEWAY_TIMEOUT_MS. It needs no database and no secret.
 */
const DOCUMENT = join(__dirname, '..', '..', 'openapi.json');

function main(): void {
  const env = process.env;
  const upstreams = parseContextUrls(env.CONTEXT_URLS);
  const missing = CONTEXT_NAMES.filter((c) => !upstreams[c]);
  if (missing.length > 0) throw new Error(`CONTEXT_URLS must name the process serving ${missing.join(', ')}`);
  const port = Number(env.PORT ?? 8080);
  const timeoutMs = Number(env.GATEWAY_TIMEOUT_MS ?? 30_000);
  if (!Number.isInteger(port) || !Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw new Error('PORT and GATEWAY_TIMEOUT_MS must be whole numbers');
  const server = createGateway({
    routes: new RouteTable(GATEWAY_ROUTES),
    upstreams,
    timeoutMs,
    openApiDocument: existsSync(DOCUMENT) ? readFileSync(DOCUMENT, 'utf8') : null,
  });
  server.listen(port, env.HOST ?? '0.0.0.0', () => process.stdout.write(`Gateway on port ${port}\n`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
