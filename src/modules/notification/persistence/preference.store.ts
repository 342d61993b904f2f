import type { EntityManager } from 'typeorm';
import type { NotificationCategory } from '../domain/notification-kinds';

export interface Preference {
  category: NotificationCategory;
  email: boolean;
  inApp: boolean;
}

/** The preferences people changed, by user and category; what is absent is on (the default). */
export async function storedPreferences(
  manager: EntityManager,
  userIds: string[],
): Promise<Map<string, Map<NotificationCategory, Preference>>> {
  const rows: { user_id: string; category: NotificationCategory; email: boolean; in_app: boolean }[] =
    userIds.length === 0
      ? []
      : await manager.query(
          'SELECT user_id, category, email, in_app FROM notification.preferences WHERE user_id = ANY($1::uuid[])',
          [userIds],
        );
  const byUser = new Map<string, Map<NotificationCategory, Preference>>();
  for (const row of rows) {
    const mine = byUser.get(row.user_id) ?? new Map<NotificationCategory, Preference>();
    mine.set(row.category, { category: row.category, email: row.email, inApp: row.in_app });
    byUser.set(row.user_id, mine);
  }
  return byUser;
}

export async function savePreferences(
  manager: EntityManager,
  userId: string,
  preferences: Preference[],
): Promise<void> {
  for (const p of preferences)
    await manager.query(
      `INSERT INTO notification.preferences (user_id, category, email, in_app) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, category) DO UPDATE SET email = $3, in_app = $4, updated_at = now()`,
      [userId, p.category, p.email, p.inApp],
    );
}

/** One-click unsubscribe: email off, the in-app choice kept as it was. */
export async function switchEmailOff(
  manager: EntityManager,
  userId: string,
  category: NotificationCategory,
): Promise<void> {
  await manager.query(
    `INSERT INTO notification.preferences (user_id, category, email, in_app) VALUES ($1, $2, false, true)
     ON CONFLICT (user_id, category) DO UPDATE SET email = false, updated_at = now()`,
    [userId, category],
  );
}
