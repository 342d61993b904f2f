import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { type FailureLog, sendProblem } from './problem-details.filter';

function answer(error: unknown): { status?: number; logged: Parameters<FailureLog>[] } {
  const logged: Parameters<FailureLog>[] = [];
  const reply = {
    sent: false,
    status(code: number) {
      result.status = code;
      return this;
    },
    headers() {
      return this;
    },
    type() {
      return this;
    },
    send() {
      return this;
    },
  };
  const result: { status?: number; logged: Parameters<FailureLog>[] } = { logged };
  const request = { url: '/api/v1/things?x=1', id: 'req-1', method: 'GET' };
  sendProblem(request as unknown as FastifyRequest, reply as unknown as FastifyReply, error, (entry, level) =>
    logged.push([entry, level]),
  );
  return result;
}

describe('sendProblem logging', () => {
  it('logs an unexpected exception as an unhandled error, with its stack', () => {
    const { status, logged } = answer(new TypeError('boom'));
    expect(status).toBe(500);
    expect(logged).toHaveLength(1);
    const [entry, level] = logged[0];
    expect(level).toBe('error');
    expect(entry).toMatchObject({ msg: 'unhandled error', path: '/api/v1/things', status: 500 });
    expect(JSON.stringify(entry)).toContain('boom');
  });

  it('logs a deliberate 503 as a warning with its code and no stack', () => {
    const { status, logged } = answer(
      new DomainError('THING.NOT_CONFIGURED', 'unavailable', 'Not configured'),
    );
    expect(status).toBe(503);
    expect(logged).toEqual([
      [
        {
          msg: 'service unavailable',
          requestId: 'req-1',
          method: 'GET',
          path: '/api/v1/things',
          status: 503,
          code: 'THING.NOT_CONFIGURED',
        },
        'warn',
      ],
    ]);
  });

  it('logs nothing for a 4xx', () => {
    expect(answer(new DomainError('THING.MISSING', 'not_found', 'Missing')).logged).toEqual([]);
  });
});
