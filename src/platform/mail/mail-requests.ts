import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '../crypto/secret-box';
import { Outbox } from '../events/outbox';
import { MailRequested } from './mail-requested.event';
import type { MailRequest } from './mail-template';
import { extraHeadersProblem } from './mail-template';

export const MAIL_SEAL_PURPOSE = 'mail';

/** How a context asks for an email: inside its own transaction, through its own outbox. */
@Injectable()
export class MailRequests {
  constructor(
    private readonly outbox: Outbox,
    private readonly box: SecretBox,
  ) {}

  async request(manager: EntityManager, outboxSchema: string, mail: MailRequest): Promise<void> {
    const problem = extraHeadersProblem(mail.headers);
    if (problem) throw new Error(`Mail ${mail.template}: ${problem}`);
    // Headers are sealed with the address: an unsubscribe link is a credential for one setting.
    const sealed = this.box.seal(
      MAIL_SEAL_PURPOSE,
      JSON.stringify({ to: mail.to, data: mail.data, headers: mail.headers ?? {} }),
    );
    await this.outbox.publish(
      manager,
      outboxSchema,
      MailRequested.create({
        userId: mail.userId,
        template: mail.template,
        locale: mail.locale,
        sealed,
        aboutUserIds: mail.aboutUserIds ?? [],
      }),
    );
  }
}
