/**
 * At most `size` handler transactions of a process at once, whatever the number of durables:
 * each subscribing context's consumer runs on its own, and without a bound a burst of events
 * reaching every context at once would take the pool's connections from the requests.
 */
export class HandlerSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, if any, so `active` stays counted.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
