import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';

interface RentalRow {
  id: string;
  product_id: string;
  renter_id: string;
  owner_id: string;
  start_date: string;
  end_date: string;
  status: string;
  notes: string | null;
  currency: string;
  rental_days: number;
  subtotal: string;
  platform_fee: string;
  deposit: string;
  total: string;
  respond_by: Date;
  returned_at: Date | null;
  completed_at: Date | null;
  cancelled_by: string | null;
  cancellation_policy: string;
  cancellation_refund: string | null;
  created_at: Date;
  updated_at: Date;
}

interface HistoryRow {
  rental_id: string;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  actor_role: string;
  changed_at: Date;
}

interface BlockRow {
  id: string;
  product_id: string;
  start_date: string;
  end_date: string;
  reason: string | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Rental's section of a person's data export: the rentals they asked for (as renter) and those of
 * their listings (as owner), each with its quote and status history, and the dates they blocked.
 * Calendar dates are read as text: they are days, not instants, whatever the server's time zone.
 */
@Injectable()
export class RentalPersonalDataExport implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('rental', (userId) => this.export(userId));
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const rentals: RentalRow[] = await this.dataSource.query(
      `SELECT id, product_id, renter_id, owner_id, start_date::text AS start_date, end_date::text AS end_date,
              status, notes, currency, rental_days, subtotal, platform_fee, deposit, total, respond_by,
              returned_at, completed_at, cancelled_by, cancellation_policy, cancellation_refund,
              created_at, updated_at
       FROM rental.rentals WHERE renter_id = $1 OR owner_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    const history: HistoryRow[] = await this.dataSource.query(
      `SELECT h.rental_id, h.from_status, h.to_status, h.actor_id, h.actor_role, h.changed_at
       FROM rental.rental_history h JOIN rental.rentals r ON r.id = h.rental_id
       WHERE r.renter_id = $1 OR r.owner_id = $1 ORDER BY h.changed_at, h.id`,
      [userId],
    );
    const blocks: BlockRow[] = await this.dataSource.query(
      `SELECT id, product_id, start_date::text AS start_date, end_date::text AS end_date, reason, created_at
       FROM rental.blocks WHERE created_by = $1 ORDER BY created_at, id`,
      [userId],
    );
    const view = (r: RentalRow) => ({
      id: r.id,
      productId: r.product_id,
      renterId: r.renter_id,
      ownerId: r.owner_id,
      startDate: r.start_date,
      endDate: r.end_date,
      status: r.status,
      notes: r.notes,
      quote: {
        currency: r.currency,
        rentalDays: r.rental_days,
        subtotal: Number(r.subtotal),
        platformFee: Number(r.platform_fee),
        deposit: Number(r.deposit),
        total: Number(r.total),
      },
      respondBy: iso(r.respond_by),
      returnedAt: iso(r.returned_at),
      completedAt: iso(r.completed_at),
      cancelledBy: r.cancelled_by,
      cancellationPolicy: r.cancellation_policy,
      cancellationRefund: r.cancellation_refund === null ? null : Number(r.cancellation_refund),
      history: history
        .filter((h) => h.rental_id === r.id)
        .map((h) => ({
          from: h.from_status,
          to: h.to_status,
          actorId: h.actor_id,
          actorRole: h.actor_role,
          at: iso(h.changed_at),
        })),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    });
    return {
      asRenter: rentals.filter((r) => r.renter_id === userId).map(view),
      asOwner: rentals.filter((r) => r.owner_id === userId).map(view),
      blocks: blocks.map((b) => ({
        id: b.id,
        productId: b.product_id,
        startDate: b.start_date,
        endDate: b.end_date,
        reason: b.reason,
        createdAt: iso(b.created_at),
      })),
    };
  }
}
