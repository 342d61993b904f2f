import { Injectable, OnModuleInit } from '@nestjs/common';
import { MailTemplates } from '../../../../platform/mail/mail-templates';
import { IDENTITY_MAIL_TEMPLATES } from './identity-mail-templates';

/** Hands the account-recovery templates to the platform's registry when the module starts. */
@Injectable()
export class IdentityMailTemplatesRegistrar implements OnModuleInit {
  constructor(private readonly templates: MailTemplates) {}

  onModuleInit(): void {
    for (const { template } of Object.values(IDENTITY_MAIL_TEMPLATES)) this.templates.register(template);
  }
}
