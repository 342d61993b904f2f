import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { MailTemplates } from '../../../platform/mail/mail-templates';
import { NOTIFICATION_TEMPLATES } from './templates/notification-templates';

/** The notification emails join the platform's templates, which the mail intake renders. */
@Injectable()
export class NotificationTemplatesRegistrar implements OnModuleInit {
  constructor(private readonly templates: MailTemplates) {}

  onModuleInit(): void {
    for (const template of NOTIFICATION_TEMPLATES) this.templates.register(template);
  }
}
