import { WorkLimiter } from './work-limiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('WorkLimiter', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in arrival order', async () => {
    const limiter = new WorkLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await limiter.whenWaiting(2);
    expect(started).toEqual([0, 1]);
    expect([limiter.active, limiter.waiting]).toEqual([2, 2]);

    gates[1].resolve();
    await runs[1];
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect([limiter.active, limiter.waiting, limiter.peak]).toEqual([0, 0, 2]);
  });

  it('frees the slot of a task that fails', async () => {
    const limiter = new WorkLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
    expect(limiter.active).toBe(0);
  });

  it('whenWaiting resolves at once when enough tasks already wait', async () => {
    const limiter = new WorkLimiter(1);
    await expect(limiter.whenWaiting(0)).resolves.toBeUndefined();
    expect(() => new WorkLimiter(0)).toThrow();
  });
});
