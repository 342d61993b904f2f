import type { SignedUpUser } from './identity.factory';
import type { TestApp } from './test-app';

/** PUT /api/v1/trust/blocks/:userId as `blocker`. Throws on anything but 200. */
export async function block(t: TestApp, blocker: SignedUpUser, blocked: { id: string }) {
  const res = await t.http.put(`/api/v1/trust/blocks/${blocked.id}`).set(blocker.auth);
  if (res.status !== 200) throw new Error(`block failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { userId: string; blockedAt: string; user: { id: string; displayName: string } | null };
}

/** DELETE /api/v1/trust/blocks/:userId as `blocker`. Throws on anything but 204. */
export async function unblock(t: TestApp, blocker: SignedUpUser, blocked: { id: string }): Promise<void> {
  const res = await t.http.delete(`/api/v1/trust/blocks/${blocked.id}`).set(blocker.auth);
  if (res.status !== 204) throw new Error(`unblock failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A report as its reporter reads it (POST/GET /api/v1/trust/reports). */
export interface ReportBody {
  id: string;
  targetType: 'listing' | 'user' | 'message' | 'review';
  targetId: string;
  reason: string;
  note: string | null;
  status: 'open' | 'dismissed' | 'actioned';
  createdAt: string;
  resolvedAt: string | null;
}

/** POST /api/v1/trust/reports as `reporter` (reason `scam` unless given). Throws on anything but 201. */
export async function report(
  t: TestApp,
  reporter: SignedUpUser,
  target: { targetType: ReportBody['targetType']; targetId: string },
  details: { reason?: string; note?: string } = {},
): Promise<ReportBody> {
  const res = await t.http
    .post('/api/v1/trust/reports')
    .set(reporter.auth)
    .send({ reason: 'scam', ...target, ...details });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ReportBody;
}

/** POST /api/v1/admin/reports/:reportId/decision as `moderator`; the answer, whatever it is. */
export const decideReport = (
  t: TestApp,
  moderator: SignedUpUser,
  reportId: string,
  body: Record<string, unknown>,
) => t.http.post(`/api/v1/admin/reports/${reportId}/decision`).set(moderator.auth).send(body);

/** The reports of a target as the database holds them, oldest first. */
export const reportRowsOf = (t: TestApp, targetId: string) =>
  t.db.query(
    `SELECT id, status, resolution, resolution_reason, resolution_note, resolved_by,
            resolved_at IS NOT NULL AS resolved
     FROM trust.reports WHERE target_id = $1 ORDER BY created_at, id`,
    [targetId],
  );

/** The payloads of trust's outbox events of a type whose payload has `key` = `value`, oldest first. */
export async function trustEvents(
  t: TestApp,
  type: string,
  key: string,
  value: string,
): Promise<Record<string, unknown>[]> {
  const rows: { payload: Record<string, unknown> }[] = await t.db.query(
    `SELECT payload FROM trust.outbox_events WHERE type = $1 AND payload->>$2 = $3 ORDER BY occurred_at, id`,
    [type, key, value],
  );
  return rows.map((r) => r.payload);
}

/**
 * Everything a decision on a target's reports can change (the reports, trust's events naming them,
 * sanctions and audit entries), to show that a refused decision changed nothing.
 */
export async function moderationState(t: TestApp, targetId: string) {
  const ofTarget = 'SELECT id FROM trust.reports WHERE target_id = $1::uuid';
  return {
    reports: await reportRowsOf(t, targetId),
    events: await t.db.query(
      `SELECT type, payload FROM trust.outbox_events WHERE (payload->>'reportId')::uuid IN (${ofTarget})
       ORDER BY occurred_at, id`,
      [targetId],
    ),
    sanctions: await t.db.query(`SELECT id FROM trust.sanctions WHERE report_id IN (${ofTarget})`, [
      targetId,
    ]),
    audit: await t.db.query(
      `SELECT action FROM audit.entries
       WHERE target_id = $1::text OR (details->>'reportId')::uuid IN (${ofTarget})
       ORDER BY occurred_at, id`,
      [targetId],
    ),
  };
}
