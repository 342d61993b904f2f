import type { CategoryEntity } from '../persistence/category.entity';

export interface CategoryNode {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  children: CategoryNode[];
}

export interface CategoryDetail {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  /** Ancestors from the root down to the parent, for breadcrumbs. */
  path: { id: string; name: string; slug: string }[];
  children: { id: string; name: string; slug: string }[];
  createdAt: string;
  updatedAt: string;
}

/** Builds the forest from a flat list; siblings sorted by name for a stable, readable tree. */
export function buildTree(categories: CategoryEntity[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const c of categories)
    nodes.set(c.id, { id: c.id, name: c.name, slug: c.slug, parentId: c.parentId, children: [] });
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: CategoryNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
