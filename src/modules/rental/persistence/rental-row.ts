import type { CancellationPolicy, RentalQuote, RentalStatus } from '../contracts/rental-api';

/** A rental as the application works with it: plain data, dates as ISO strings. */
export interface RentalRecord {
  id: string;
  productId: string;
  renterId: string;
  ownerId: string;
  startDate: string;
  endDate: string;
  /** End (exclusive) of the days the rental keeps from others: endDate + the buffer days. */
  heldUntil: string;
  status: RentalStatus;
  notes: string | null;
  quote: RentalQuote;
  cancelledBy: 'renter' | 'owner' | null;
  /** Fixed when the rental was requested. */
  cancellationPolicy: CancellationPolicy;
  /** Once cancelled: what the renter got back of the charge (subtotal + platform fee); null before. */
  cancellationRefund: number | null;
  respondBy: string;
  returnedAt: string | null;
  completedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The select list that `toRentalRecord` reads; dates formatted in SQL, never by the driver. */
export const RENTAL_COLUMNS = `
  r.id, r.product_id, r.renter_id, r.owner_id,
  to_char(r.start_date, 'YYYY-MM-DD') AS start_date, to_char(r.end_date, 'YYYY-MM-DD') AS end_date,
  to_char(upper(r.period), 'YYYY-MM-DD') AS held_until, r.status, r.notes,
  r.currency, r.rental_days, r.subtotal, r.platform_fee, r.deposit, r.total,
  r.cancelled_by, r.cancellation_policy, r.cancellation_refund, r.respond_by, r.returned_at, r.completed_at, r.version, r.created_at, r.updated_at`;

export interface RentalRow {
  id: string;
  product_id: string;
  renter_id: string;
  owner_id: string;
  start_date: string;
  end_date: string;
  held_until: string;
  status: RentalStatus;
  notes: string | null;
  currency: string;
  rental_days: number;
  subtotal: string;
  platform_fee: string;
  deposit: string;
  total: string;
  cancelled_by: 'renter' | 'owner' | null;
  cancellation_policy: CancellationPolicy;
  cancellation_refund: string | null;
  respond_by: Date;
  returned_at: Date | null;
  completed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toRentalRecord(row: RentalRow): RentalRecord {
  return {
    id: row.id,
    productId: row.product_id,
    renterId: row.renter_id,
    ownerId: row.owner_id,
    startDate: row.start_date,
    endDate: row.end_date,
    heldUntil: row.held_until,
    status: row.status,
    notes: row.notes,
    quote: {
      currency: row.currency,
      rentalDays: row.rental_days,
      subtotal: Number(row.subtotal),
      platformFee: Number(row.platform_fee),
      deposit: Number(row.deposit),
      total: Number(row.total),
    },
    cancelledBy: row.cancelled_by,
    cancellationPolicy: row.cancellation_policy,
    cancellationRefund: row.cancellation_refund === null ? null : Number(row.cancellation_refund),
    respondBy: row.respond_by.toISOString(),
    returnedAt: iso(row.returned_at),
    completedAt: iso(row.completed_at),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
