/** What a field's selection asks for, read from the operation (no execution): lets a resolver fetch ahead. */
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

// Per field node (yoga's parse cache hands out the same document for the same text), per name set.
const cache = new WeakMap<FieldNode, WeakMap<ReadonlySet<string>, boolean>>();

/** Whether any field named in `names` is selected anywhere below this field (fragments followed). */
export function selectsAnyBelow(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, names: ReadonlySet<string>): boolean {
  const first = info.fieldNodes[0];
  let byNames = first ? cache.get(first) : undefined;
  const known = byNames?.get(names);
  if (known !== undefined) return known;
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return names.has(s.name.value) || walk(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const fragment: FragmentDefinitionNode | undefined = info.fragments[s.name.value];
      return walk(fragment?.selectionSet);
    });
  const found = info.fieldNodes.some((f) => walk(f.selectionSet));
  if (first) {
    if (!byNames) cache.set(first, (byNames = new WeakMap()));
    byNames.set(names, found);
  }
  return found;
}
