import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MailRequests } from '../../../platform/mail/mail-requests';
import { toMailLocale } from '../../../platform/mail/mail-template';
import type { MailLocale } from '../../../platform/mail/mail-template';
import { CatalogApi } from '../../catalog';
import type { UserContact } from '../../identity';
import { IdentityApi } from '../../identity';
import type { NotificationKind } from '../domain/notification-kinds';
import { CATEGORY_OF } from '../domain/notification-kinds';
import { choiceOf, effectiveChoices } from '../domain/preferences';
import { insertNotification } from '../persistence/notification.store';
import { storedPreferences } from '../persistence/preference.store';
import { InAppTexts } from './templates/in-app-texts';
import { templateName } from './templates/notification-templates';
import { NotificationLinks } from './notification-links';

export type Facts = Record<string, string | number | boolean>;

/** One person to tell about one event. */
export interface Draft {
  /** The event (or reminder) it comes from: with the recipient, what makes it happen once. */
  eventId: string;
  recipientId: string;
  kind: NotificationKind;
  /** The other person it is about, named in the text; null when nobody in particular. */
  otherId: string | null;
  /** The rental or conversation it is about. */
  subjectId: string | null;
  /** The web app's page it links to: `/rentals/<id>`. */
  path: string;
  facts: Facts;
}

// Templates compile in strict mode: every name a phrase may use is always given.
const DEFAULT_FACTS: Facts = {
  productTitle: '',
  startDate: '',
  endDate: '',
  amount: '',
  awarded: '',
  rating: 0,
  several: false,
  count: 1,
};

const SOMEONE: Record<MailLocale, string> = { en: 'A member', fr: 'Un membre' };

/**
 * Tells people: one row per event and recipient (the in-app entry, hidden when in-app is off for
 * its category) and, when their preferences allow, an email through the platform mail path, both in
 * the caller's transaction (the relay's, with its inbox row, or a job's). Accounts that cannot be
 * reached (suspended, erased) are told nothing. Names and addresses come from identity's contract.
 */
@Injectable()
export class Notifier {
  private readonly texts = new InAppTexts();

  constructor(
    private readonly identity: IdentityApi,
    private readonly catalog: CatalogApi,
    private readonly mail: MailRequests,
    private readonly links: NotificationLinks,
  ) {}

  /** `email: 'digest'` records the in-app entry only: the message digest mails later. Returns who was told. */
  async notify(manager: EntityManager, drafts: Draft[], email: 'now' | 'digest' = 'now'): Promise<string[]> {
    if (drafts.length === 0) return [];
    const contacts = await this.contacts(drafts.map((d) => d.recipientId));
    const names = await this.names(drafts.map((d) => d.otherId));
    const preferences = await storedPreferences(manager, [...contacts.keys()]);
    const told: string[] = [];
    for (const draft of drafts) {
      const contact = contacts.get(draft.recipientId);
      if (!contact) continue;
      const category = CATEGORY_OF[draft.kind];
      const choice = choiceOf(effectiveChoices(preferences.get(contact.id)), category);
      const locale = toMailLocale(contact.locale);
      const data = this.data(draft, contact, names, locale);
      const { title, body } = this.texts.render(draft.kind, locale, data);
      const emailNow = email === 'now' && choice.email;
      const inserted = await insertNotification(manager, {
        eventId: draft.eventId,
        recipientId: contact.id,
        kind: draft.kind,
        category,
        title,
        body,
        link: this.links.web(draft.path),
        subjectId: draft.subjectId,
        otherId: draft.otherId && names.has(draft.otherId) ? draft.otherId : null,
        otherName: draft.otherId ? (names.get(draft.otherId) ?? null) : null,
        inApp: choice.inApp,
        emailed: emailNow,
      });
      if (!inserted) continue;
      told.push(contact.id);
      if (emailNow) await this.email(manager, contact, draft.kind, draft.path, data, draft.otherId);
    }
    return told;
  }

  /** An email alone (the digest's), for a contact whose preference the caller checked. */
  async email(
    manager: EntityManager,
    contact: UserContact,
    kind: NotificationKind,
    path: string,
    data: Facts,
    otherId: string | null = null,
  ): Promise<void> {
    const unsubscribeUrl = this.links.unsubscribe(contact.id, CATEGORY_OF[kind]);
    await this.mail.request(manager, 'notification', {
      userId: contact.id,
      to: contact.email,
      locale: toMailLocale(contact.locale),
      template: templateName(kind),
      aboutUserIds: otherId ? [otherId] : [],
      data: {
        ...data,
        link: this.links.web(path),
        settingsLink: this.links.settings(),
        unsubscribeUrl: unsubscribeUrl ?? '',
      },
      // RFC 8058: a mail client offers "unsubscribe" and POSTs the URL itself, without a login.
      headers: unsubscribeUrl
        ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : undefined,
    });
  }

  async contacts(ids: string[]): Promise<Map<string, UserContact>> {
    const found = await this.identity.findContacts([...new Set(ids)]);
    return new Map(found.map((c) => [c.id, c]));
  }

  async productTitle(productId: string): Promise<string> {
    return (await this.catalog.findProduct(productId))?.title ?? 'a listing';
  }

  /** Display names of the people named; erased ones read as identity names them ('Deleted user'). */
  async names(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const users = await this.identity.describeUsers(wanted);
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  data(draft: Draft, contact: UserContact, names: Map<string, string>, locale: MailLocale): Facts {
    const otherName = (draft.otherId && names.get(draft.otherId)) || SOMEONE[locale];
    return { ...DEFAULT_FACTS, ...draft.facts, displayName: contact.displayName, otherName };
  }
}
