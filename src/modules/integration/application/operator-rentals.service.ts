import { Injectable } from '@nestjs/common';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import type { ListedRental, RentalStatus } from '../../rental';
import { RentalApi } from '../../rental';
import { IntegrationErrors } from '../domain/integration.errors';

export interface OperatorRentalPage {
  items: ListedRental[];
  nextCursor: string | null;
}

const CURSOR_VERSION = 'ir1';

/**
 * `rentals:read`: every rental of the marketplace, for the operator's own tools (accounting, CRM,
 * insurance). Read through rental's public API; ids only, no personal data beyond them.
 */
@Injectable()
export class OperatorRentalsService {
  constructor(private readonly rentals: RentalApi) {}

  async list(query: { cursor?: string; limit: number; status?: RentalStatus }): Promise<OperatorRentalPage> {
    const position = query.cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, query.cursor);
    if (query.cursor !== undefined && position === null) throw IntegrationErrors.invalidCursor('cursor');
    const page = await this.rentals.listRentals({
      before: position && { createdAt: position.at, id: position.id },
      limit: query.limit,
      status: query.status,
    });
    const last = page.items.at(-1);
    return {
      items: page.items,
      nextCursor:
        page.hasMore && last ? encodeKeysetCursor(CURSOR_VERSION, { at: last.createdAt, id: last.id }) : null,
    };
  }
}
