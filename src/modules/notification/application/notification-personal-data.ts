import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { daysBefore, PRUNE_LIMITS } from '../../../platform/database/retention';
import { EventBus } from '../../../platform/events/event-bus';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';
import { UserDeleted } from '../../identity';
import { NOTIFICATION_INBOX } from './rental-events.subscriber';

export const NOTIFICATION_RETENTION_JOB = 'notification.prune';
/** How identity names an erased account to others. */
const ERASED_NAME = 'Deleted user';

/**
 * A person's notifications in their data export (what they were told, and their preferences);
 * everything about them erased with their account (UserDeleted, in notification's inbox); and
 * notifications older than NOTIFICATION_RETENTION_DAYS pruned, with closed digests and reminders
 * of rentals long over (a reminder row only needs to outlive the window it reminds of).
 */
@Injectable()
export class NotificationPersonalData implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
    private readonly bus: EventBus,
    private readonly scheduler: JobScheduler,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('notification', (userId) => this.export(userId));
    this.bus.subscribe(UserDeleted, {
      name: 'notification.erase-deleted-user',
      inbox: NOTIFICATION_INBOX,
      handle: (event, manager) => this.erase(manager, event.payload.userId),
    });
    this.scheduler.register({
      name: NOTIFICATION_RETENTION_JOB,
      context: 'notification',
      intervalMs: 60 * 60_000,
      run: async (manager, now) => {
        await this.prune(manager, now);
      },
    });
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const notifications: Record<string, unknown>[] = await manager.query(
      `SELECT id, kind, category, title, body, link, in_app AS "inApp", emailed, read_at AS "readAt",
         created_at AS "createdAt"
       FROM notification.notifications WHERE recipient_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    const preferences: Record<string, unknown>[] = await manager.query(
      `SELECT category, email, in_app AS "inApp", updated_at AS "updatedAt"
       FROM notification.preferences WHERE user_id = $1 ORDER BY category`,
      [userId],
    );
    return { notifications, preferences };
  }

  async erase(manager: EntityManager, userId: string): Promise<void> {
    // Others' notifications that name them keep what happened, not who: as messaging and review
    // show an erased author.
    await manager.query(
      `UPDATE notification.notifications
       SET title = replace(title, other_name, $2), body = replace(body, other_name, $2),
         other_id = NULL, other_name = NULL, updated_at = now()
       WHERE other_id = $1`,
      [userId, ERASED_NAME],
    );
    await manager.query('DELETE FROM notification.notifications WHERE recipient_id = $1', [userId]);
    await manager.query('DELETE FROM notification.preferences WHERE user_id = $1', [userId]);
    await manager.query(
      'DELETE FROM notification.message_digests WHERE recipient_id = $1 OR sender_id = $1',
      [userId],
    );
    await manager.query('DELETE FROM notification.reminders WHERE recipient_id = $1', [userId]);
    await manager.query('DELETE FROM notification.rental_schedules WHERE renter_id = $1 OR owner_id = $1', [
      userId,
    ]);
  }

  async prune(manager: EntityManager, now: Date): Promise<number> {
    const before = daysBefore(now, this.config.NOTIFICATION_RETENTION_DAYS);
    let deleted = 0;
    for (const table of ['notifications', 'message_digests', 'reminders']) {
      const closed = table === 'message_digests' ? 'AND sent_at IS NOT NULL' : '';
      while (deleted < PRUNE_LIMITS.maxRows) {
        const [{ n }]: { n: number }[] = await manager.query(
          `WITH pruned AS (
             DELETE FROM notification.${table} WHERE id IN (
               SELECT id FROM notification.${table} WHERE created_at < $1 ${closed}
               ORDER BY created_at LIMIT $2)
             RETURNING 1)
           SELECT count(*)::int AS n FROM pruned`,
          [before, PRUNE_LIMITS.batch],
        );
        deleted += n;
        if (n < PRUNE_LIMITS.batch) break;
      }
    }
    return deleted;
  }
}
