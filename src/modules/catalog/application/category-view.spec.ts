import { CategoryEntity } from '../persistence/category.entity';
import { buildTree } from './category-view';

const cat = (id: string, name: string, parentId: string | null) =>
  Object.assign(new CategoryEntity(), { id, name, slug: name.toLowerCase(), parentId });

describe('buildTree', () => {
  it('nests children under parents and sorts siblings by name', () => {
    const tree = buildTree([
      cat('3', 'Drills', '1'),
      cat('1', 'Tools', null),
      cat('2', 'Outdoor', null),
      cat('4', 'Saws', '1'),
      cat('5', 'Cordless', '3'),
    ]);
    expect(tree.map((n) => n.name)).toEqual(['Outdoor', 'Tools']);
    expect(tree[1].children.map((n) => n.name)).toEqual(['Drills', 'Saws']);
    expect(tree[1].children[0].children).toEqual([
      { id: '5', name: 'Cordless', slug: 'cordless', parentId: '3', children: [] },
    ]);
  });

  it('is empty for no categories', () => {
    expect(buildTree([])).toEqual([]);
  });
});
