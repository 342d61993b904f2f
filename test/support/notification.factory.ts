import { EventRelay } from '../../src/platform/events/event-relay';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { MailDispatcher } from '../../src/platform/mail/mail-dispatcher';
import type { SignedUpUser } from './identity.factory';
import type { TestApp } from './test-app';

/** Every pending event delivered, then every due email sent (as the timers would). */
export async function deliverAll(t: TestApp): Promise<void> {
  await t.app.get(EventRelay).drain();
  await t.app.get(MailDispatcher).drain();
}

/** The notification rows about a rental or conversation, as `recipient kind` strings, sorted. */
export async function notificationsAbout(t: TestApp, subjectId: string): Promise<string[]> {
  const rows: { recipient_id: string; kind: string }[] = await t.db.query(
    'SELECT recipient_id, kind FROM notification.notifications WHERE subject_id = $1',
    [subjectId],
  );
  return rows.map((r) => `${r.recipient_id} ${r.kind}`).sort();
}

export function runNotificationJob(
  t: TestApp,
  name: 'notification.message-digest' | 'notification.reminders' | 'notification.prune',
  now = new Date(),
): Promise<boolean> {
  return t.app.get(JobScheduler).runNow(name, now);
}

export async function feedOf(t: TestApp, user: SignedUpUser, query = '') {
  const res = await t.http.get(`/api/v1/notifications${query}`).set(user.auth);
  if (res.status !== 200) throw new Error(`feed failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as {
    items: { id: string; kind: string; title: string; read: boolean }[];
    nextCursor: string | null;
  };
}
