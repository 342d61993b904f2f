import type { BolaRegistry } from './types';

/** An in-app notification: the owner of a product is told of a rental request. */
export const NOTIFICATION: BolaRegistry = {
  'POST /api/v1/notifications/{id}/read': [
    {
      name: "someone's in-app notification",
      exposure: 'private',
      setup: async (f) => {
        const [owner, renter] = [await f.user('Owner'), await f.user('Renter')];
        await f.rental(renter, await f.product(owner));
        await f.drain();
        const [row]: { id: string }[] = await f.t.db.query(
          `SELECT id FROM notification.notifications WHERE recipient_id = $1 AND kind = 'rental.requested'`,
          [owner.id],
        );
        return { owner, params: { id: row.id } };
      },
    },
  ],
};
