import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { distinctTags } from '../domain/tags';

/** Tags are created on first use; later uses, in any letter case, share the first spelling. */
@Injectable()
export class TagStore {
  /** Sets the product's tags (replacing any), returning their display names in the owner's order. */
  async setProductTags(manager: EntityManager, productId: string, names: string[]): Promise<string[]> {
    const wanted = distinctTags(names);
    await manager.query('DELETE FROM catalog.product_tags WHERE product_id = $1', [productId]);
    if (wanted.length === 0) return [];
    // ON CONFLICT keeps concurrent first uses of the same tag from failing one another.
    await manager.query(
      `INSERT INTO catalog.tags (id, name, name_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT (name_key) DO NOTHING`,
      [wanted.map(() => randomUUID()), wanted.map((t) => t.name), wanted.map((t) => t.key)],
    );
    const rows: { id: string; name: string; name_key: string }[] = await manager.query(
      'SELECT id, name, name_key FROM catalog.tags WHERE name_key = ANY($1::text[])',
      [wanted.map((t) => t.key)],
    );
    const byKey = new Map(rows.map((r) => [r.name_key, r]));
    const ordered = wanted.map((t) => byKey.get(t.key)!);
    await manager.query(
      `INSERT INTO catalog.product_tags (product_id, tag_id) SELECT $1, unnest($2::uuid[])`,
      [productId, ordered.map((t) => t.id)],
    );
    return ordered.map((t) => t.name);
  }
}
