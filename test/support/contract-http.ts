import type { Server } from 'node:http';
import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { type Answer, openApiConformance } from './openapi-conformance';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** The answer as the document describes it: method, path, status, media type and raw body. */
export function answerOf(res: Response): Answer {
  const req = (res as Response & { req: { method: string; path: string } }).req;
  return {
    method: req.method,
    url: req.path,
    status: res.status,
    contentType: String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase(),
    text:
      typeof res.text === 'string' ? res.text : Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '',
  };
}

/** Fails the request (and so the test awaiting it) when its answer breaks the OpenAPI document. */
export function assertConforms(res: Response): void {
  const problems = openApiConformance().check(answerOf(res));
  if (problems.length > 0) {
    throw new Error(`The answer does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * A supertest agent whose every answer is checked against the OpenAPI document before the test
 * sees it, so each endpoint any e2e test calls is held to its contract by construction.
 */
export function contractHttp(server: Server): TestAgent {
  const agent = request(server) as unknown as Record<(typeof METHODS)[number], (url: string) => request.Test>;
  for (const method of METHODS) {
    const send = agent[method].bind(agent);
    agent[method] = (url: string) => send(url).expect(assertConforms);
  }
  return agent as unknown as TestAgent;
}
