import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  keysetTimestamp,
} from '../../../platform/http/keyset-cursor';
import type { ClaimStatus } from '../domain/claim';
import { PaymentErrors } from '../domain/payment.errors';
import { ClaimEntity } from '../persistence/claim.entity';
import type { ClaimView } from './claim-views';
import { toClaimView } from './claim-views';

const CURSOR_VERSION = 'claims1';

/** Claims as admins work them: oldest first (the longest-waiting dispute on top), keyset pages. */
@Injectable()
export class ClaimList {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: {
    status?: ClaimStatus;
    cursor?: string;
    limit: number;
  }): Promise<{ items: ClaimView[]; nextCursor: string | null }> {
    const position = query.cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, query.cursor);
    if (query.cursor !== undefined && position === null) throw PaymentErrors.invalidCursor();
    const rows: { id: string; at: string }[] = await this.dataSource.query(
      `SELECT id, ${keysetTimestamp('filed_at')} AS at FROM payment.claims
       WHERE ($1::text IS NULL OR status = $1)
         AND ($2::timestamptz IS NULL OR (filed_at, id) > ($2::timestamptz, $3::uuid))
       ORDER BY filed_at, id LIMIT $4`,
      [query.status ?? null, position?.at ?? null, position?.id ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const entities = page.length
      ? await this.dataSource.getRepository(ClaimEntity).findBy(page.map((r) => ({ id: r.id })))
      : [];
    const byId = new Map(entities.map((e) => [e.id, e]));
    const last = page.at(-1);
    return {
      items: page.map((r) => toClaimView(byId.get(r.id)!)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeKeysetCursor(CURSOR_VERSION, { at: last.at, id: last.id })
          : null,
    };
  }
}
