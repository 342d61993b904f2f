import { defineEvent } from '../../../platform/events/integration-event';

// Identity reacts to trust's decisions about accounts, but trust depends on identity (IdentityApi),
// so importing trust's events back would close an import cycle. Identity declares the events it
// consumes by their published type and version, with only the payload members it reads, as a
// separately deployed service reading them off a broker would. consumed-events.spec.ts checks them
// against trust's own definitions.

export interface UserSuspendedPayload {
  userId: string;
  /** When the user's restriction as a whole ends (ISO instant); null while a ban stands. */
  until: string | null;
  /** Orders one user's restriction events: a lower one than the last applied arrived late. */
  sequence: number;
}

/** A user's restriction began or changed: each one replaces what the previous one said. */
export const UserSuspended = defineEvent<UserSuspendedPayload>('trust.UserSuspended');

export interface UserReinstatedPayload {
  userId: string;
  sequence: number;
}

/** Nothing restricts the user any more. */
export const UserReinstated = defineEvent<UserReinstatedPayload>('trust.UserReinstated');
