import { SendDeadlineExceeded, withDeadline } from './mail-deadline';
import { afterFailure } from './mail-retry-policy';
import { describeSendError } from './mail-text';

// Real timers, with a deadline of a few milliseconds where the deadline itself is under test.
describe('withDeadline', () => {
  const pending = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('passes through a result that comes in time', async () => {
    const work = pending<string>();
    const bounded = withDeadline(work.promise, 60);
    work.resolve('250 OK');
    await expect(bounded).resolves.toBe('250 OK');
  });

  it('passes through an error that comes in time', async () => {
    const work = pending<string>();
    const bounded = withDeadline(work.promise, 60);
    const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
    work.reject(error);
    await expect(bounded).rejects.toBe(error);
  });

  it('fails at the deadline while the work is still going, and ignores its late outcome', async () => {
    const work = pending<string>();
    const started = Date.now();
    const error = await withDeadline(work.promise, 0.02).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(error).toBeInstanceOf(SendDeadlineExceeded);
    expect(describeSendError(error)).toBe('ESENDDEADLINE send took longer than 0.02 s');
    work.reject(new Error('late')); // handled by the race: no unhandled rejection
  });

  it('is a temporary failure: the message is retried, not given up', () => {
    expect(afterFailure(1, new SendDeadlineExceeded(150), () => 0.5)).toEqual({
      status: 'pending',
      retryInSeconds: 2,
    });
  });
});
