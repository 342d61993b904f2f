import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../platform/events/event-bus';
import { PasswordRecoveryService } from './password-recovery.service';
import { PasswordResetRequested } from './password-reset-requested.event';

/** Mails the reset link after the request has been answered (see PasswordRecoveryService.requestReset). */
@Injectable()
export class PasswordResetSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly passwords: PasswordRecoveryService,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(PasswordResetRequested, {
      name: 'identity.issue-password-reset',
      inbox: 'identity',
      handle: (event, manager) => this.passwords.issueResetLink(manager, event.payload.sealedEmail),
    });
  }
}
