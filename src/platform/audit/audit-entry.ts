import type { Role } from '../auth/auth-user';

/** Who acted: a signed-in caller (an AuthUser fits), or no one in particular. */
export type AuditActor = { id: string; role: Role } | typeof SYSTEM_ACTOR | typeof ANONYMOUS_ACTOR;

/** A job, an event handler: no person asked. */
export const SYSTEM_ACTOR = 'system' as const;
/** A caller without a session (a login attempt, a reset link). */
export const ANONYMOUS_ACTOR = 'anonymous' as const;

/** Scalars only, and never personal data (no emails, names, phone numbers, addresses, free text). */
export type AuditDetails = Record<string, string | number | boolean | null>;

/** One thing to record. `action` is `<context>.<what_happened>`: `identity.password_changed`. */
export interface AuditEntryInput {
  actor: AuditActor;
  action: string;
  /** What it was done to, when anything: `{ type: 'user', id }`, `{ type: 'category', id }`. */
  target?: { type: string; id: string } | null;
  details?: AuditDetails;
  /** Defaults to the current request's id (currentRequest()); null outside a request. */
  requestId?: string | null;
  /** Defaults to the current request's client network; null outside a request. */
  network?: string | null;
}

/** An entry as admins read it. */
export interface AuditEntryView {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  network: string | null;
  details: AuditDetails;
}

export interface AuditPage {
  items: AuditEntryView[];
  nextCursor: string | null;
}

export const AUDIT_ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
