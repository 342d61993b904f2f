import { SendDeadlineExceeded, withDeadline } from './mail-deadline';
import { afterFailure } from './mail-retry-policy';
import { describeSendError } from './mail-text';

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const pending = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('passes through a result that comes in time, and leaves no timer behind', async () => {
    const work = pending<string>();
    const bounded = withDeadline(work.promise, 150);
    jest.advanceTimersByTime(149_999);
    work.resolve('250 OK');
    await expect(bounded).resolves.toBe('250 OK');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('passes through an error that comes in time', async () => {
    const work = pending<string>();
    const bounded = withDeadline(work.promise, 150);
    const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
    work.reject(error);
    await expect(bounded).rejects.toBe(error);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('fails at the deadline while the work is still going, and ignores its late outcome', async () => {
    const work = pending<string>();
    const bounded = withDeadline(work.promise, 150);
    const outcome = bounded.catch((error: unknown) => error);
    jest.advanceTimersByTime(150_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(SendDeadlineExceeded);
    expect(describeSendError(error)).toBe('ESENDDEADLINE send took longer than 150 s');
    work.reject(new Error('late')); // handled by the race: no unhandled rejection
    work.resolve('late');
    await expect(bounded).rejects.toBe(error);
  });

  it('is a temporary failure: the message is retried, not given up', () => {
    expect(afterFailure(1, new SendDeadlineExceeded(150), () => 0.5)).toEqual({
      status: 'pending',
      retryInSeconds: 2,
    });
  });
});
