import { MemoryRateLimitStore } from './memory-rate-limit.store';

describe('MemoryRateLimitStore', () => {
  it.each([
    // [ms between hits, window seconds, counts seen]
    [0, 60, [1, 2, 3]],
    [30_000, 60, [1, 2, 1]],
    [61_000, 60, [1, 1, 1]],
  ])('hits %d ms apart in a %d s window count %j', async (gap, windowSeconds, expected) => {
    let now = 1_000_000;
    const store = new MemoryRateLimitStore(() => now);
    const counts: number[] = [];
    for (let i = 0; i < expected.length; i++) {
      counts.push((await store.hit('k', windowSeconds)).count);
      now += gap;
    }
    expect(counts).toEqual(expected);
  });

  it('reports when the window ends, and forgets a key on reset', async () => {
    const store = new MemoryRateLimitStore(() => 5_000);
    expect(await store.hit('k', 10)).toEqual({ count: 1, resetsAt: 15_000 });
    await store.reset('k');
    expect((await store.hit('k', 10)).count).toBe(1);
  });
});
