import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { toMailLocale } from '../../../platform/mail/mail-template';
import { choiceOf, effectiveChoices } from '../domain/preferences';
import { closeDueDigests } from '../persistence/message-digest.store';
import { storedPreferences } from '../persistence/preference.store';
import { Notifier } from './notifier';

export const MESSAGE_DIGEST_JOB = 'notification.message-digest';

/**
 * Mails each conversation's gathered messages once its first one is NOTIFICATION_DIGEST_MINUTES
 * old: one email for a burst. Runs once across instances (the scheduler's lock); each digest is
 * closed in the transaction that requests its email, so it is mailed once. Preferences are read
 * now, when the email goes, not when the messages came.
 */
@Injectable()
export class MessageDigestJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly notifier: Notifier,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: MESSAGE_DIGEST_JOB,
      context: 'notification',
      intervalMs: 30_000,
      run: (m, now) => this.run(m, now),
    });
  }

  async run(manager: EntityManager, now: Date): Promise<void> {
    const due = await closeDueDigests(manager, now, this.config.NOTIFICATION_DIGEST_MINUTES);
    if (due.length === 0) return;
    const contacts = await this.notifier.contacts(due.map((d) => d.recipient_id));
    const names = await this.notifier.names(due.map((d) => d.sender_id));
    const preferences = await storedPreferences(manager, [...contacts.keys()]);
    for (const digest of due) {
      const contact = contacts.get(digest.recipient_id);
      if (!contact || !choiceOf(effectiveChoices(preferences.get(contact.id)), 'messages').email) continue;
      const productTitle = await this.notifier.productTitle(digest.product_id);
      const draft = {
        eventId: digest.id,
        recipientId: contact.id,
        kind: 'message.received' as const,
        otherId: digest.sender_id,
        subjectId: digest.conversation_id,
        path: `/conversations/${digest.conversation_id}`,
        facts: { productTitle, several: digest.message_count > 1, count: digest.message_count },
      };
      const data = this.notifier.data(draft, contact, names, toMailLocale(contact.locale));
      await this.notifier.email(manager, contact, draft.kind, draft.path, data, digest.sender_id);
    }
  }
}
