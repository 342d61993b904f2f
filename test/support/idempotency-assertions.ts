import type { Response } from 'supertest';

const inProgress = (a: Response) => a.status === 409 && a.body.code === 'IDEMPOTENCY.IN_PROGRESS';

/**
 * Concurrent sends of one request under one Idempotency-Key: each gets the first attempt's answer
 * (status and body alike) or, while that attempt is still in flight, a 409 `IDEMPOTENCY.IN_PROGRESS`
 * problem with Retry-After. Returns the answer's body, for the caller's later retry to compare with.
 */
export function expectOneAnswerOrInProgress(answers: Response[], status: number): unknown {
  const answered = answers.filter((a) => !inProgress(a));
  expect(answered.length).toBeGreaterThanOrEqual(1);
  for (const a of answered)
    expect({ status: a.status, body: a.body }).toEqual({ status, body: answered[0].body });
  for (const a of answers.filter(inProgress)) {
    expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(a.headers['retry-after']).toBe('1');
  }
  return answered[0].body;
}
