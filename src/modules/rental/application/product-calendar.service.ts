import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../platform/errors/domain-error';
import { addDays, daysBetween, utcToday } from '../domain/calendar-date';
import { blockViolations } from '../domain/block-policy';
import { RentalErrors } from '../domain/rental.errors';
import type { StayRange } from '../domain/stay-policy';
import type { BlockRecord, HeldRange } from '../persistence/hold.repository';
import { HoldRepository } from '../persistence/hold.repository';
import { isOverlapViolation, withConflictRetry } from './database-errors';
import { ProductAccess } from './product-access';

/** A calendar view shows at most this many days at once. */
export const MAX_CALENDAR_DAYS = 366;
/** Without `to`, a calendar shows this many days. */
export const DEFAULT_CALENDAR_DAYS = 90;

const calendarError = (field: 'from' | 'to', message: string) =>
  new DomainError('RENTAL.INVALID_CALENDAR_RANGE', 'validation', message, { errors: [{ field, message }] });

/** The public calendar of a product, and the owner's blocks. */
@Injectable()
export class ProductCalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductAccess,
    private readonly holds: HoldRepository,
  ) {}

  async calendar(
    productId: string,
    window: { from?: string; to?: string },
    viewerId?: string,
    now = new Date(),
  ): Promise<{ productId: string; from: string; to: string; ranges: HeldRange[] }> {
    const from = window.from ?? utcToday(now);
    const to = window.to ?? addDays(from, DEFAULT_CALENDAR_DAYS);
    if (daysBetween(from, to) < 1) throw calendarError('to', 'to must be after from');
    if (daysBetween(from, to) > MAX_CALENDAR_DAYS)
      throw calendarError('to', `A calendar spans at most ${MAX_CALENDAR_DAYS} days`);
    await this.products.visibleTo(productId, viewerId);
    return {
      productId,
      from,
      to,
      ranges: await this.holds.overlapping(productId, { startDate: from, endDate: to }),
    };
  }

  async listBlocks(ownerId: string, productId: string, now = new Date()): Promise<BlockRecord[]> {
    await this.products.ownedBy(productId, ownerId);
    return this.holds.currentBlocks(productId, utcToday(now));
  }

  async createBlock(
    ownerId: string,
    productId: string,
    block: StayRange & { reason: string | null },
    now = new Date(),
  ): Promise<BlockRecord> {
    await this.products.ownedBy(productId, ownerId);
    const violations = blockViolations(block, utcToday(now));
    if (violations.length > 0) throw RentalErrors.invalidBlock(violations);
    try {
      return await withConflictRetry(() =>
        this.dataSource.transaction((manager) =>
          this.holds.insertBlock(manager, { productId, createdBy: ownerId, ...block }),
        ),
      );
    } catch (error) {
      if (!isOverlapViolation(error)) throw error;
      const conflicts = await this.holds.overlapping(productId, block);
      throw RentalErrors.overlap(conflicts.map(({ startDate, endDate }) => ({ startDate, endDate })));
    }
  }

  async deleteBlock(ownerId: string, productId: string, blockId: string): Promise<void> {
    await this.products.ownedBy(productId, ownerId);
    if (!(await this.holds.deleteBlock(productId, blockId))) throw RentalErrors.blockNotFound();
  }
}
