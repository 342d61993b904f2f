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
