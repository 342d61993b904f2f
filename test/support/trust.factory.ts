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
