import { NotificationLinks } from '../../../src/modules/notification/application/notification-links';
import { createRental, utcDay } from '../../support/rental.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

let stays = 200;
// Sign-ups are rate limited: one renter per world asks for every rental these examples need.
const renters = new WeakMap<ExampleWorld, ReturnType<ExampleWorld['person']>>();
const renterOf = (world: ExampleWorld) => {
  if (!renters.has(world)) renters.set(world, world.person());
  return renters.get(world) as ReturnType<ExampleWorld['person']>;
};

/** A fresh person who was told something: a rental request for a product they own. */
async function toldOwner(world: ExampleWorld) {
  const product = await world.freshProduct();
  const owner = await world.owner();
  const renter = await renterOf(world);
  const start = (stays += 3);
  await createRental(world.t, renter, product, { startDate: utcDay(start), endDate: utcDay(start + 1) });
  await world.deliver();
  return owner;
}

/** The signed token of the owner's booking unsubscribe link, as their email carried it. */
async function unsubscribeToken(world: ExampleWorld): Promise<string> {
  const person = await world.owner();
  const url = world.t.app.get(NotificationLinks).unsubscribe(person.id, 'booking') as string;
  return new URL(url).searchParams.get('token') as string;
}

export const notificationExamples: ExampleFixtures = {
  notification_list: async (world) => ({ auth: (await toldOwner(world)).auth }),
  notification_unreadCount: async (world) => ({ auth: (await toldOwner(world)).auth }),
  notification_readAll: async (world) => ({ auth: (await toldOwner(world)).auth }),
  notification_markRead: async (world) => {
    const owner = await toldOwner(world);
    const [row]: { id: string }[] = await world.t.db.query(
      `SELECT id FROM notification.notifications WHERE recipient_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [owner.id],
    );
    return { auth: owner.auth, ids: { id: row.id } };
  },
  notification_getPreferences: async (world) => ({ auth: (await renterOf(world)).auth }),
  notification_updatePreferences: async (world) => ({ auth: (await renterOf(world)).auth }),
  notification_describeUnsubscribe: async (world) => ({ secrets: { token: await unsubscribeToken(world) } }),
  notification_unsubscribe: async (world) => ({ secrets: { token: await unsubscribeToken(world) } }),
};
