import { matchesIndustry, withChildren, withEntry, type IndustryOption } from './industryTree';

const sections: IndustryOption[] = [
  { value: 'A', label: '农、林、牧、渔业', isLeaf: false },
  { value: 'C', label: '制造业', isLeaf: false },
];

describe('the industry cascader’s tree', () => {
  it('hangs a loaded level under its parent', () => {
    const tree = withChildren(sections, ['C'], [{ value: 'C36', label: '汽车制造业', isLeaf: false }]);
    expect(tree[1]!.children).toEqual([{ value: 'C36', label: '汽车制造业', isLeaf: false }]);
    const deeper = withChildren(tree, ['C', 'C36'], [{ value: 'C361', label: '汽车整车制造', isLeaf: false }]);
    expect(deeper[1]!.children![0]!.children![0]!.value).toBe('C361');
    expect(deeper[0]).toBe(sections[0]);
  });

  it('adds a search result with its whole chain, keeping what was loaded', () => {
    const loaded = withChildren(sections, ['C'], [{ value: 'C13', label: '农副食品加工业', isLeaf: false }]);
    const tree = withEntry(loaded, {
      code: 'C3612',
      name: '新能源车整车制造',
      hasChildren: false,
      pathCodes: ['C', 'C36', 'C361', 'C3612'],
      pathNames: ['制造业', '汽车制造业', '汽车整车制造', '新能源车整车制造'],
    });
    const manufacturing = tree.find((o) => o.value === 'C')!;
    expect(manufacturing.children!.map((o) => o.value)).toEqual(['C13', 'C36']);
    const leaf = manufacturing.children![1]!.children![0]!.children![0]!;
    expect(leaf).toEqual({ value: 'C3612', label: '新能源车整车制造', isLeaf: true });
    // the same result again changes nothing
    expect(withEntry(tree, { code: 'C3612', name: '新能源车整车制造', hasChildren: false, pathCodes: ['C', 'C36', 'C361', 'C3612'], pathNames: ['制造业', '汽车制造业', '汽车整车制造', '新能源车整车制造'] })).toEqual(tree);
  });

  it('finds a path by any level’s name or by a code', () => {
    const path = [
      { value: 'C', label: '制造业' },
      { value: 'C36', label: '汽车制造业' },
      { value: 'C361', label: '汽车整车制造' },
    ];
    expect(matchesIndustry('汽车', path)).toBe(true);
    expect(matchesIndustry('c36', path)).toBe(true);
    expect(matchesIndustry('教育', path)).toBe(false);
    expect(matchesIndustry('  ', path)).toBe(false);
  });
});
