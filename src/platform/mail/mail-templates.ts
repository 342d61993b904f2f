import { Injectable } from '@nestjs/common';
import type { MailTemplate } from './mail-template';

/** Every email template of this process, registered by the contexts that own them at module init. */
@Injectable()
export class MailTemplates {
  private readonly templates = new Map<string, MailTemplate>();

  register(template: MailTemplate): void {
    if (this.templates.has(template.name)) throw new Error(`Mail template ${template.name} registered twice`);
    this.templates.set(template.name, template);
  }

  get(name: string): MailTemplate | undefined {
    return this.templates.get(name);
  }

  names(): string[] {
    return [...this.templates.keys()].sort();
  }
}
