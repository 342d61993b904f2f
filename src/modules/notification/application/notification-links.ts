import { Injectable } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import { AppConfig } from '../../../platform/config/app-config';
import type { NotificationCategory } from '../domain/notification-kinds';
import { isMandatoryEmail } from '../domain/notification-kinds';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../domain/unsubscribe-token';

export const UNSUBSCRIBE_PATH = '/api/v1/notifications/unsubscribe';

/**
 * Where notifications point: pages of the web app (PUBLIC_WEB_URL), and the API's own one-click
 * unsubscribe (PUBLIC_API_URL), signed with a key derived from JWT_SECRET for this purpose alone.
 */
@Injectable()
export class NotificationLinks {
  private key?: Buffer;

  constructor(private readonly config: AppConfig) {}

  web(path: string): string {
    return `${this.config.PUBLIC_WEB_URL.replace(/\/+$/, '')}${path}`;
  }

  settings(): string {
    return this.web('/settings/notifications');
  }

  /** Null for money and security mail, which carries no unsubscribe link. */
  unsubscribe(userId: string, category: NotificationCategory): string | null {
    if (isMandatoryEmail(category)) return null;
    const token = signUnsubscribeToken(this.secret(), userId, category);
    const api = (this.config.PUBLIC_API_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/+$/, '');
    return `${api}${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`;
  }

  verify(token: string) {
    return verifyUnsubscribeToken(this.secret(), token);
  }

  private secret(): Buffer {
    if (!this.key) {
      const secret = this.config.JWT_SECRET;
      if (!secret) throw new Error('Unsubscribe links need JWT_SECRET');
      this.key = Buffer.from(hkdfSync('sha256', secret, 'onesociety-notification', 'unsubscribe', 32));
    }
    return this.key;
  }
}
