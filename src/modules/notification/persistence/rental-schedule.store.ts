import type { EntityManager } from 'typeorm';

/** Notification's own picture of a rental's dates and status, fed by rental's events, for reminders. */
export interface ScheduleUpdate {
  rentalId: string;
  productId: string;
  renterId: string;
  ownerId: string;
  status: string;
  startDate: string;
  endDate: string;
  occurredAt: string;
  requested: boolean;
  completed: boolean;
}

/** A late event (older than the last one applied) changes nothing: events may arrive out of order. */
export async function applyRentalEvent(manager: EntityManager, u: ScheduleUpdate): Promise<void> {
  await manager.query(
    `INSERT INTO notification.rental_schedules AS s (rental_id, product_id, renter_id, owner_id, status,
       start_date, end_date, requested_at, completed_at, last_event_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 THEN $8::timestamptz END, $8)
     ON CONFLICT (rental_id) DO UPDATE SET
       status = CASE WHEN excluded.last_event_at >= s.last_event_at THEN excluded.status ELSE s.status END,
       requested_at = CASE WHEN $10 THEN excluded.requested_at ELSE s.requested_at END,
       completed_at = coalesce(excluded.completed_at, s.completed_at),
       start_date = excluded.start_date, end_date = excluded.end_date,
       last_event_at = greatest(s.last_event_at, excluded.last_event_at), updated_at = now()`,
    [
      u.rentalId,
      u.productId,
      u.renterId,
      u.ownerId,
      u.status,
      u.startDate,
      u.endDate,
      u.occurredAt,
      u.completed,
      u.requested,
    ],
  );
}

export interface ScheduledRental {
  rental_id: string;
  product_id: string;
  renter_id: string;
  owner_id: string;
  start_date: string;
  end_date: string;
}

const COLUMNS = `rental_id, product_id, renter_id, owner_id, to_char(start_date, 'YYYY-MM-DD') AS start_date,
  to_char(end_date, 'YYYY-MM-DD') AS end_date`;

/** Requests whose answer window closes within `leadHours` of `now` and is still open. */
export function requestsExpiringSoon(
  manager: EntityManager,
  now: Date,
  windowHours: number,
  leadHours: number,
): Promise<ScheduledRental[]> {
  return manager.query(
    `SELECT ${COLUMNS} FROM notification.rental_schedules
     WHERE status = 'requested'
       AND requested_at + make_interval(hours => $2) > $1::timestamptz
       AND requested_at + make_interval(hours => $2) <= $1::timestamptz + make_interval(hours => $3)
     ORDER BY requested_at LIMIT 500`,
    [now, windowHours, leadHours],
  );
}

/** Accepted rentals whose first day is the day after `now` (UTC). */
export function rentalsStartingTomorrow(manager: EntityManager, now: Date): Promise<ScheduledRental[]> {
  return manager.query(
    `SELECT ${COLUMNS} FROM notification.rental_schedules
     WHERE status = 'accepted' AND start_date = ($1::timestamptz AT TIME ZONE 'UTC')::date + 1
     ORDER BY rental_id LIMIT 500`,
    [now],
  );
}

/** Completed rentals whose review window closes within `leadDays` of `now` and is still open. */
export function reviewWindowsClosing(
  manager: EntityManager,
  now: Date,
  windowDays: number,
  leadDays: number,
): Promise<ScheduledRental[]> {
  return manager.query(
    `SELECT ${COLUMNS} FROM notification.rental_schedules
     WHERE status = 'completed' AND completed_at IS NOT NULL
       AND completed_at + make_interval(days => $2) > $1::timestamptz
       AND completed_at + make_interval(days => $2) <= $1::timestamptz + make_interval(days => $3)
     ORDER BY completed_at LIMIT 500`,
    [now, windowDays, leadDays],
  );
}

/** Records a reminder; false when it was already sent (unique kind, rental, recipient). */
export async function claimReminder(
  manager: EntityManager,
  id: string,
  kind: string,
  rentalId: string,
  recipientId: string,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO notification.reminders (id, kind, rental_id, recipient_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind, rental_id, recipient_id) DO NOTHING RETURNING id`,
    [id, kind, rentalId, recipientId],
  );
  return rows.length > 0;
}
