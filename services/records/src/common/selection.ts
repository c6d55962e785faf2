import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

const cache = new WeakMap<readonly FieldNode[], ReadonlySet<string>>();

/**
 * Names of the fields the query selects directly under the field being resolved (through inline
 * fragments and fragment spreads). `@skip`/`@include` are not evaluated, so a field they may drop still
 * counts as selected: the answer errs towards loading more. graphql-js hands every item of a list the
 * same `fieldNodes` array, so a page of 50 customers walks the selection once.
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): ReadonlySet<string> {
  const cached = cache.get(info.fieldNodes);
  if (cached) return cached;
  const names = new Set<string>();
  const seenFragments = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seenFragments.has(selection.name.value)) {
        seenFragments.add(selection.name.value);
        walk(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  cache.set(info.fieldNodes, names);
  return names;
}
