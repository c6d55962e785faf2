/** Cascader options for GB/T 4754's levels (门类 → 大类 → 中类 → 小类), loaded level by level or from a search. */
export interface IndustryOption {
  value: string;
  label: string;
  isLeaf: boolean;
  /** Undefined until the level below is loaded. */
  children?: IndustryOption[];
}

export interface IndustryEntry {
  code: string;
  name: string;
  hasChildren: boolean;
  pathCodes: readonly string[];
  pathNames: readonly string[];
}

export function toOption(entry: Pick<IndustryEntry, 'code' | 'name' | 'hasChildren'>): IndustryOption {
  return { value: entry.code, label: entry.name, isLeaf: !entry.hasChildren };
}

/** The tree with `children` set under the option at `path` (codes from the section down). */
export function withChildren(tree: readonly IndustryOption[], path: readonly string[], children: IndustryOption[]): IndustryOption[] {
  const [head, ...rest] = path;
  return tree.map((o) => {
    if (o.value !== head) return o;
    if (rest.length === 0) return { ...o, children, isLeaf: children.length === 0 };
    return { ...o, children: withChildren(o.children ?? [], rest, children) };
  });
}

/**
 * The tree with a search result's whole chain in it (its ancestors added where missing, kept as they are
 * where present), so the cascader's own search can show it as one path.
 */
export function withEntry(tree: readonly IndustryOption[], entry: IndustryEntry): IndustryOption[] {
  const insert = (level: readonly IndustryOption[], depth: number): IndustryOption[] => {
    const code = entry.pathCodes[depth];
    if (code === undefined) return [...level];
    const last = depth === entry.pathCodes.length - 1;
    const found = level.find((o) => o.value === code);
    const node: IndustryOption = found ?? {
      value: code,
      label: entry.pathNames[depth] ?? code,
      isLeaf: last ? !entry.hasChildren : false,
    };
    const children = last ? node.children : insert(node.children ?? [], depth + 1);
    const updated: IndustryOption = children === undefined ? node : { ...node, children };
    return found ? level.map((o) => (o.value === code ? updated : o)) : [...level, updated].sort((a, b) => a.value.localeCompare(b.value));
  };
  return insert(tree, 0);
}

/** The cascader's search: any level's name, or a code (C36, c3612). */
export function matchesIndustry(input: string, path: readonly { value?: string | number | null; label?: unknown }[]): boolean {
  const needle = input.trim().toLowerCase();
  if (!needle) return false;
  return path.some((o) => String(o.label ?? '').toLowerCase().includes(needle) || String(o.value ?? '').toLowerCase().startsWith(needle));
}
