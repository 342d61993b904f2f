import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NotificationCategory } from '../domain/notification-kinds';
import { isMandatoryEmail } from '../domain/notification-kinds';
import { NotificationErrors } from '../domain/notification.errors';
import type { CategoryChoice } from '../domain/preferences';
import { effectiveChoices } from '../domain/preferences';
import type { Preference } from '../persistence/preference.store';
import { savePreferences, storedPreferences, switchEmailOff } from '../persistence/preference.store';
import { NotificationLinks } from './notification-links';

/**
 * Per person and category: email and in-app on or off. Money and security email cannot be turned
 * off (422 NOTIFICATION.CATEGORY_MANDATORY naming the category; a CHECK constraint holds it too).
 * The one-click unsubscribe turns one category's email off with a signed token and no login.
 */
@Injectable()
export class NotificationPreferences {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: NotificationLinks,
  ) {}

  async get(userId: string): Promise<{ preferences: CategoryChoice[] }> {
    const stored = await storedPreferences(this.dataSource.manager, [userId]);
    return { preferences: effectiveChoices(stored.get(userId)) };
  }

  /** Only the categories given change; the rest stay as they were. All or nothing. */
  async update(userId: string, changes: Preference[]): Promise<{ preferences: CategoryChoice[] }> {
    const seen = new Set<NotificationCategory>();
    for (const change of changes) {
      if (seen.has(change.category)) throw NotificationErrors.duplicateCategory(change.category);
      seen.add(change.category);
      if (isMandatoryEmail(change.category) && !change.email)
        throw NotificationErrors.mandatoryCategory(change.category);
    }
    await this.dataSource.transaction((manager) => savePreferences(manager, userId, changes));
    return this.get(userId);
  }

  /** What a token would do, changing nothing (RFC 8058: only the POST unsubscribes). */
  async describeUnsubscribe(token: string): Promise<{ category: NotificationCategory; email: boolean }> {
    const named = this.links.verify(token);
    if (!named) throw NotificationErrors.invalidUnsubscribeToken();
    const { preferences } = await this.get(named.userId);
    const choice = preferences.find((p) => p.category === named.category) as CategoryChoice;
    return { category: named.category, email: choice.email };
  }

  /** Idempotent: a second POST of the same link answers the same. */
  async unsubscribe(token: string): Promise<{ category: NotificationCategory; email: boolean }> {
    const named = this.links.verify(token);
    if (!named) throw NotificationErrors.invalidUnsubscribeToken();
    await switchEmailOff(this.dataSource.manager, named.userId, named.category);
    return { category: named.category, email: false };
  }
}
