import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { AuditActor } from '../../../platform/audit/audit-entry';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { CatalogErrors } from '../domain/catalog.errors';
import { slugify } from '../domain/slug';
import { CategoryEntity } from '../persistence/category.entity';
import type { CategoryDetail, CategoryNode } from './category-view';
import { buildTree } from './category-view';

export const MAX_CATEGORY_DEPTH = 5;
/** Children per parent (and top-level categories): keeps the unpaged tree answer bounded. */
export const MAX_CATEGORY_CHILDREN = 200;

export interface CategoryInput {
  name: string;
  parentId?: string | null;
  slug?: string;
}

// Moves and creations take this lock so two concurrent moves cannot build a cycle together.
const TREE_LOCK = 'catalog.category-tree';

const violatedConstraint = (e: unknown): string | undefined => {
  const driverError = (e as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' ? driverError.constraint : undefined;
};

@Injectable()
export class CategoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async tree(): Promise<CategoryNode[]> {
    return buildTree(await this.dataSource.getRepository(CategoryEntity).find());
  }

  async get(id: string): Promise<CategoryDetail> {
    const repo = this.dataSource.getRepository(CategoryEntity);
    const category = await repo.findOneBy({ id });
    if (!category) throw CatalogErrors.categoryNotFound();
    const [path, children] = await Promise.all([
      this.ancestors(this.dataSource.manager, id),
      repo.find({ where: { parentId: id }, order: { name: 'ASC', id: 'ASC' } }),
    ]);
    return {
      id: category.id,
      name: category.name,
      slug: category.slug,
      parentId: category.parentId,
      path: path.map((c) => ({ id: c.id, name: c.name, slug: c.slug })),
      children: children.map((c) => ({ id: c.id, name: c.name, slug: c.slug })),
      createdAt: category.createdAt.toISOString(),
      updatedAt: category.updatedAt.toISOString(),
    };
  }

  async create(actor: AuditActor, input: CategoryInput): Promise<CategoryDetail> {
    const id = randomUUID();
    await this.write(async (manager) => {
      const parentId = input.parentId ?? null;
      const parentSlug = parentId ? await this.checkParent(manager, parentId, null) : null;
      await this.checkRoomUnder(manager, parentId);
      const slug = input.slug ?? (await this.freeSlug(manager, input.name, parentSlug));
      await manager.insert(CategoryEntity, {
        id,
        parentId,
        name: input.name,
        nameKey: nameKey(input.name),
        slug,
      });
      await this.audit.record(manager, {
        actor,
        action: 'catalog.category_created',
        target: { type: 'category', id },
        details: { parentId },
      });
    }, input);
    return this.get(id);
  }

  /** Rename, re-slug or move a category; moving it under itself or a descendant is refused. */
  async update(
    actor: AuditActor,
    id: string,
    changes: CategoryInput | Partial<CategoryInput>,
  ): Promise<CategoryDetail> {
    await this.write(async (manager) => {
      const category = await manager.findOne(CategoryEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!category) throw CatalogErrors.categoryNotFound();
      const before = { parentId: category.parentId, name: category.name, slug: category.slug };
      if (changes.parentId !== undefined && changes.parentId !== category.parentId) {
        if (changes.parentId !== null) await this.checkParent(manager, changes.parentId, id);
        await this.checkRoomUnder(manager, changes.parentId);
        category.parentId = changes.parentId;
      }
      if (changes.name !== undefined) {
        category.name = changes.name;
        category.nameKey = nameKey(changes.name);
      }
      if (changes.slug !== undefined) category.slug = changes.slug;
      await manager.update(
        CategoryEntity,
        { id },
        { parentId: category.parentId, name: category.name, nameKey: category.nameKey, slug: category.slug },
      );
      await this.audit.record(manager, {
        actor,
        action: 'catalog.category_updated',
        target: { type: 'category', id },
        details: {
          moved: category.parentId !== before.parentId,
          renamed: category.name !== before.name,
          reslugged: category.slug !== before.slug,
        },
      });
    }, changes);
    return this.get(id);
  }

  /** Runs a tree change serialised with every other, turning unique violations into conflicts. */
  private async write(work: (manager: EntityManager) => Promise<void>, input: Partial<CategoryInput>) {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [TREE_LOCK]);
        await work(manager);
      });
    } catch (error) {
      const constraint = violatedConstraint(error);
      if (constraint === 'uq_categories_slug') throw CatalogErrors.categorySlugTaken(input.slug ?? '');
      if (constraint === 'uq_categories_parent_name') throw CatalogErrors.categoryNameTaken(input.name ?? '');
      throw error;
    }
  }

  /**
   * The parent must exist, must not be `movingId` or below it (a cycle), and the tree must stay
   * within MAX_CATEGORY_DEPTH. Returns the parent's slug.
   */
  /** Runs under the tree lock (write()), so two writers cannot both take the last place. */
  private async checkRoomUnder(manager: EntityManager, parentId: string | null): Promise<void> {
    const [{ n }] = await manager.query(
      'SELECT count(*)::int AS n FROM catalog.categories WHERE parent_id IS NOT DISTINCT FROM $1',
      [parentId],
    );
    if (n >= MAX_CATEGORY_CHILDREN) throw CatalogErrors.tooManyCategories(MAX_CATEGORY_CHILDREN);
  }

  private async checkParent(
    manager: EntityManager,
    parentId: string,
    movingId: string | null,
  ): Promise<string> {
    const chain = await this.ancestors(manager, parentId, true);
    if (chain.length === 0) throw CatalogErrors.unknownCategory('parentId');
    if (movingId && chain.some((c) => c.id === movingId)) throw CatalogErrors.categoryCycle();
    const subtreeHeight = movingId ? await this.height(manager, movingId) : 1;
    if (chain.length + subtreeHeight > MAX_CATEGORY_DEPTH)
      throw CatalogErrors.categoryTooDeep(MAX_CATEGORY_DEPTH);
    return chain[chain.length - 1].slug;
  }

  /** Root first, down to the category's parent (or the category itself with `inclusive`). */
  private async ancestors(manager: EntityManager, id: string, inclusive = false): Promise<CategoryEntity[]> {
    const rows: { id: string; name: string; slug: string; depth: number }[] = await manager.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, name, slug, 0 AS depth FROM catalog.categories WHERE id = $1
         UNION ALL
         SELECT c.id, c.parent_id, c.name, c.slug, up.depth + 1
         FROM catalog.categories c JOIN up ON c.id = up.parent_id WHERE up.depth < 50
       ) SELECT id, name, slug, depth FROM up ORDER BY depth DESC`,
      [id],
    );
    const list = rows.map((r) => Object.assign(new CategoryEntity(), r));
    return inclusive ? list : list.slice(0, -1);
  }

  /** Levels in the subtree rooted at `id` (1 for a leaf). */
  private async height(manager: EntityManager, id: string): Promise<number> {
    const [row] = await manager.query(
      `WITH RECURSIVE down AS (
         SELECT id, 1 AS level FROM catalog.categories WHERE id = $1
         UNION ALL
         SELECT c.id, down.level + 1 FROM catalog.categories c JOIN down ON c.parent_id = down.id WHERE down.level < 50
       ) SELECT max(level)::int AS height FROM down`,
      [id],
    );
    return row.height ?? 1;
  }

  /** "Drills" under "tools" gets `drills`, or `tools-drills` when taken, then `tools-drills-2`... */
  private async freeSlug(manager: EntityManager, name: string, parentSlug: string | null): Promise<string> {
    const base = slugify(name) || 'category';
    // Every candidate stays within the 80 characters a slug may have (suffix included).
    const candidates = [base, ...(parentSlug ? [slugify(`${parentSlug}-${base}`)] : [])];
    const stem = candidates[candidates.length - 1].slice(0, 76).replace(/-+$/, '');
    for (let n = 2; n < 100; n++) candidates.push(`${stem}-${n}`);
    const taken = new Set(
      (
        (await manager.query('SELECT slug FROM catalog.categories WHERE slug = ANY($1::text[])', [
          candidates,
        ])) as {
          slug: string;
        }[]
      ).map((r) => r.slug),
    );
    return candidates.find((c) => !taken.has(c)) ?? `${stem}-${randomUUID().slice(0, 8)}`;
  }
}

export const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
