import { DocumentNode, FragmentDefinitionNode, Kind, parse, print, visit } from 'graphql';
import type { PersistedQueryManifest } from './persisted-queries';
import { sha256 } from './persisted-queries';

/**
 * Apollo's persisted-query manifest for the named operations of a document: each
 * operation printed with the fragments it uses, its id the sha-256 of that body (what
 * an Apollo client sends as `persistedQuery.sha256Hash`).
 */
export function buildManifest(source: string): PersistedQueryManifest {
  const document = parse(source, { noLocation: true });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations: PersistedQueryManifest['operations'] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (!definition.name) throw new Error('Every persisted operation needs a name');
    const used = new Map<string, FragmentDefinitionNode>();
    const collect = (node: DocumentNode['definitions'][number]) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(fragment.name.value)) {
            used.set(fragment.name.value, fragment);
            collect(fragment);
          }
        },
      });
    collect(definition);
    const body = print({ kind: Kind.DOCUMENT, definitions: [definition, ...used.values()] });
    operations.push({ id: sha256(body), name: definition.name.value, type: definition.operation, body });
  }
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}
