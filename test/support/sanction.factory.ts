import type { SignedUpUser } from './identity.factory';
import type { TestApp } from './test-app';

export interface SanctionBody {
  id: string;
  userId: string;
  kind: 'warning' | 'suspension' | 'ban';
  reason: string;
  startsAt: string;
  endsAt: string | null;
  liftedAt: string | null;
  standing: boolean;
  reportId: string | null;
  imposedBy: string | null;
  liftedBy: string | null;
  liftNote: string | null;
}

/** An instant `days` from now (fractions allowed), as the API takes it. */
export const inDays = (days: number, from = new Date()) =>
  new Date(from.getTime() + days * 86_400_000).toISOString();

/** POST /api/v1/admin/users/:userId/sanctions as `admin`. Throws on anything but 201. */
export async function sanction(
  t: Pick<TestApp, 'http'>,
  admin: SignedUpUser,
  user: { id: string },
  body: { kind: SanctionBody['kind']; until?: string; reason?: string },
): Promise<SanctionBody> {
  const res = await t.http
    .post(`/api/v1/admin/users/${user.id}/sanctions`)
    .set(admin.auth)
    .send({ reason: 'Repeated scam listings.', ...body });
  if (res.status !== 201) throw new Error(`sanction failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as SanctionBody;
}

/** A suspension of `user` for `days` days. */
export const suspend = (t: Pick<TestApp, 'http'>, admin: SignedUpUser, user: { id: string }, days = 7) =>
  sanction(t, admin, user, { kind: 'suspension', until: inDays(days) });

/** POST /api/v1/admin/sanctions/:sanctionId/lift as `admin`. Throws on anything but 200. */
export async function liftSanction(
  t: Pick<TestApp, 'http'>,
  admin: SignedUpUser,
  sanctionId: string,
  note?: string,
): Promise<SanctionBody> {
  const res = await t.http
    .post(`/api/v1/admin/sanctions/${sanctionId}/lift`)
    .set(admin.auth)
    .send(note === undefined ? {} : { note });
  if (res.status !== 200) throw new Error(`lift failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as SanctionBody;
}
