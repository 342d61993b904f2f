import { HandlerSlots } from './handler-slots';

describe('HandlerSlots', () => {
  it('runs at most `size` works at once and every work in the end, in arrival order', async () => {
    const slots = new HandlerSlots(2);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    const work = (n: number) =>
      slots.run(async () => {
        started.push(n);
        most = Math.max(most, ++active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        return n;
      });
    expect(await Promise.all([1, 2, 3, 4, 5].map(work))).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('frees the slot of a work that failed', async () => {
    const slots = new HandlerSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});
