import { utcDay } from '../support/rental.factory';
import { eventually } from '../support/waiting';
import { composeSplit, Deployment } from './support/deployment';
import { listedProduct, renterWithCard, systemMessages, userJourney } from './support/user-journey';

/** Processes start together and migrate one after the other (an advisory lock), then the gateway. */
const BOOT_TIMEOUT_MS = 240_000;

/** Settings of both deployments: owners paid on the job's next run after completion. */
const ENV = { PAYOUT_DELAY_HOURS: '0', PAYOUT_INTERVAL_MS: '1000', PAYOUTS_REQUIRE_ONBOARDING: 'true' };

/**
 * The split compose.yaml (and deploy/k8s) declares: what a booking needs synchronously (people,
 * listings, trust, plans, money) apart from what only follows events (conversations, reviews,
 * notifications).
 */
const SPLIT = composeSplit();

describe('deployment: the monolith, built and started as one process', () => {
  let d: Deployment;
  beforeAll(async () => {
    d = await Deployment.start([{ name: 'monolith', contexts: [] }], ENV);
  }, BOOT_TIMEOUT_MS);
  afterAll(() => d?.close());

  it("runs the user journey from signup to mutual reviews and the owner's payout", async () => {
    const journey = await userJourney(d).catch((error: Error) => {
      throw new Error(`${error.message}\n${d.logs()}`);
    });
    expect(journey.rentalId).toEqual(expect.any(String));
  });
});

describe('deployment: three processes behind the gateway, events through JetStream', () => {
  let d: Deployment;
  beforeAll(async () => {
    expect(SPLIT.map((p) => p.name)).toEqual(['identity-catalog', 'rental-payment', 'community']);
    d = await Deployment.start(SPLIT, ENV);
  }, BOOT_TIMEOUT_MS);
  afterAll(() => d?.close());

  it("runs the same user journey from signup to mutual reviews and the owner's payout", async () => {
    const { rentalId } = await userJourney(d).catch((error: Error) => {
      throw new Error(`${error.message}\n${d.logs()}`);
    });
    const [row] = (await d.db.query('SELECT status FROM rental.rentals WHERE id = $1', [rentalId])).rows;
    expect(row.status).toBe('completed');
  });

  it('books while messaging is down; its system messages arrive after it restarts, each once', async () => {
    const { owner, productId } = await listedProduct(d);
    const renter = await renterWithCard(d);
    await d.stop('community');
    let rentalId: string;
    try {
      const booked = await renter.api.POST('/api/v1/rentals', {
        body: { productId, startDate: utcDay(3), endDate: utcDay(5) },
      });
      expect(booked.response.status).toBe(201);
      rentalId = booked.data!.id;
      const accepted = await owner.api.PUT('/api/v1/rentals/{id}', {
        params: { path: { id: rentalId } },
        body: { status: 'accepted' },
      });
      expect(accepted.response.status).toBe(200);
      const chat = await renter.api.POST('/api/v1/messaging/conversations', {
        body: { rentalId, message: 'Hello?' },
      });
      expect(chat.response.status).toBe(503);
      expect(chat.error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', context: 'messaging' });
    } finally {
      await d.restart('community');
    }
    // The conversation of a rental is opened by messaging itself on RentalRequested.
    let conversationId = '';
    await eventually(async () => {
      const [found] = (
        await d.db.query('SELECT id FROM messaging.conversations WHERE rental_id = $1', [rentalId])
      ).rows;
      conversationId = found?.id ?? '';
      return conversationId !== '' && (await systemMessages(renter, conversationId)).length >= 2;
    }, 30_000);
    const messages = (
      await d.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT body)::int AS distinct_bodies
           FROM messaging.messages WHERE conversation_id = $1 AND type = 'system'`,
        [conversationId],
      )
    ).rows[0];
    expect(messages).toEqual({ n: 2, distinct_bodies: 2 });
  });
});
