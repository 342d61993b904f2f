import { nextRelayDelay } from './event-relay';

describe('nextRelayDelay', () => {
  const config = { EVENTS_RELAY_INTERVAL_MS: 200, EVENTS_RELAY_IDLE_INTERVAL_MS: 2000 };

  it('doubles the wait after each empty pass, up to the idle interval', () => {
    const waits = [200];
    for (let i = 0; i < 6; i++) waits.push(nextRelayDelay(waits[waits.length - 1], 0, config));
    expect(waits).toEqual([200, 400, 800, 1600, 2000, 2000, 2000]);
  });

  it('goes back to the short interval as soon as a pass delivers something', () => {
    expect(nextRelayDelay(2000, 3, config)).toBe(200);
    expect(nextRelayDelay(200, 1, config)).toBe(200);
  });

  it('never waits less than the short interval, even with a smaller idle setting', () => {
    expect(nextRelayDelay(200, 0, { EVENTS_RELAY_INTERVAL_MS: 200, EVENTS_RELAY_IDLE_INTERVAL_MS: 0 })).toBe(
      200,
    );
  });
});
