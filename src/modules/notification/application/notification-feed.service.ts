import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import type { NotificationCategory, NotificationKind } from '../domain/notification-kinds';
import { NotificationErrors } from '../domain/notification.errors';
import type { NotificationRow } from '../persistence/notification.store';
import { feedPage, markAllRead, markRead, unreadCount } from '../persistence/notification.store';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  category: NotificationCategory;
  title: string;
  body: string;
  link: string;
  subjectId: string | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
}

const CURSOR_VERSION = 'nf1';

const toView = (row: NotificationRow): NotificationView => ({
  id: row.id,
  kind: row.kind,
  category: row.category,
  title: row.title,
  body: row.body,
  link: row.link,
  subjectId: row.subject_id,
  read: row.read_at !== null,
  readAt: row.read_at ? row.read_at.toISOString() : null,
  createdAt: row.position_at,
});

/** The in-app feed of the caller, and only theirs: another person's notification is a 404. */
@Injectable()
export class NotificationFeed {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(
    userId: string,
    query: { cursor?: string; limit: number; unread?: boolean },
  ): Promise<NotificationPage> {
    const position = query.cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, query.cursor);
    if (query.cursor !== undefined && position === null) throw NotificationErrors.invalidCursor();
    const rows = await feedPage(
      this.dataSource.manager,
      userId,
      position,
      query.limit + 1,
      query.unread === true,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toView),
      nextCursor:
        rows.length > query.limit && last
          ? encodeKeysetCursor(CURSOR_VERSION, { at: last.position_at, id: last.id })
          : null,
    };
  }

  async unread(userId: string): Promise<{ unread: number }> {
    return { unread: await unreadCount(this.dataSource.manager, userId) };
  }

  async read(userId: string, id: string): Promise<NotificationView> {
    const row = await markRead(this.dataSource.manager, userId, id);
    if (!row) throw NotificationErrors.notFound();
    return toView(row);
  }

  async readAll(userId: string): Promise<{ marked: number }> {
    return { marked: await markAllRead(this.dataSource.manager, userId) };
  }
}
