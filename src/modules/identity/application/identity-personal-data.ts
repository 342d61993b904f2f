import type { EntityManager } from 'typeorm';
import { ProfileEntity } from '../persistence/profile.entity';
import { UserEntity } from '../persistence/user.entity';

interface SessionRow {
  family_id: string;
  started_at: Date;
  last_active_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  user_agent: string | null;
  ip_prefix: string | null;
}

interface SecondFactorRow {
  totp_confirmed_at: Date | null;
  totp_created_at: Date | null;
  recovery_codes_left: number;
}

interface SecurityEventRow {
  action: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string;
  network: string | null;
  details: Record<string, unknown>;
}

/** The newest security events of the account kept in the export; a person has a handful a year. */
const SECURITY_EVENT_LIMIT = 1000;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Identity's section of a data export: the account, the profile, the sessions (one per login, from
 * its refresh-token family, with the client last seen on it) and whether a second factor is set.
 * Written field by field, never a whole row: password, token and recovery-code hashes, the sealed
 * TOTP secret, and whatever secret a later column holds, stay out unless someone adds them here.
 */
export async function identityPersonalData(
  manager: EntityManager,
  userId: string,
  now: Date,
): Promise<Record<string, unknown>> {
  const user = await manager.findOne(UserEntity, { where: { id: userId } });
  if (!user) throw new Error(`user ${userId} not found`);
  const profile = await manager.findOne(ProfileEntity, { where: { userId } });
  const sessions: SessionRow[] = await manager.query(
    `SELECT family_id, min(created_at) AS started_at, max(created_at) AS last_active_at,
            max(expires_at) AS expires_at,
            CASE WHEN bool_and(revoked_at IS NOT NULL) THEN max(revoked_at) END AS ended_at,
            (array_agg(user_agent ORDER BY created_at DESC))[1] AS user_agent,
            (array_agg(ip_prefix ORDER BY created_at DESC))[1] AS ip_prefix
     FROM identity.refresh_tokens WHERE user_id = $1
     GROUP BY family_id ORDER BY min(created_at) DESC`,
    [userId],
  );
  const [secondFactor]: SecondFactorRow[] = await manager.query(
    `SELECT t.confirmed_at AS totp_confirmed_at, t.created_at AS totp_created_at,
            (SELECT count(*)::int FROM identity.mfa_recovery_codes c
             WHERE c.user_id = $1 AND c.used_at IS NULL) AS recovery_codes_left
     FROM (SELECT $1::uuid AS user_id) u LEFT JOIN identity.mfa_totp t ON t.user_id = u.user_id`,
    [userId],
  );
  // What the audit log holds about the account: done by the person or to their account. Who else
  // acted (an admin) is someone else's data: the export says only which kind of actor it was.
  const securityEvents: SecurityEventRow[] = await manager.query(
    `SELECT action, occurred_at, actor_id, actor_role, network, details FROM audit.entries
     WHERE target_type = 'user' AND target_id = $1
     ORDER BY occurred_at DESC, id DESC LIMIT ${SECURITY_EVENT_LIMIT}`,
    [userId],
  );
  return {
    account: {
      id: user.id,
      email: user.email,
      emailVerifiedAt: iso(user.emailVerifiedAt),
      role: user.role,
      status: user.status,
      createdAt: iso(user.createdAt),
      updatedAt: iso(user.updatedAt),
    },
    profile: profile
      ? {
          fullName: profile.fullName,
          displayName: profile.displayName,
          bio: profile.bio,
          avatarUrl: profile.avatarUrl,
          phone: profile.phone,
          locale: profile.locale,
          location: {
            city: profile.city,
            country: profile.country,
            lat: profile.latitude,
            lng: profile.longitude,
          },
          createdAt: iso(profile.createdAt),
          updatedAt: iso(profile.updatedAt),
        }
      : null,
    sessions: sessions.map((s) => ({
      id: s.family_id,
      startedAt: iso(s.started_at),
      lastActiveAt: iso(s.last_active_at),
      expiresAt: iso(s.expires_at),
      endedAt: iso(s.ended_at),
      active: s.ended_at === null && s.expires_at > now,
      client: { userAgent: s.user_agent, network: s.ip_prefix },
    })),
    secondFactor: {
      totp: secondFactor.totp_created_at
        ? { enrolledAt: iso(secondFactor.totp_created_at), confirmedAt: iso(secondFactor.totp_confirmed_at) }
        : null,
      recoveryCodesLeft: secondFactor.recovery_codes_left,
    },
    securityEvents: securityEvents.map((e) => ({
      action: e.action,
      occurredAt: iso(e.occurred_at),
      by: e.actor_id === userId ? 'you' : e.actor_role,
      network: e.network,
      details: e.details,
    })),
  };
}
