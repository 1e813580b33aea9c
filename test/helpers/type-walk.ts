import {
  getNamedType,
  GraphQLField,
  GraphQLObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';

/**
 * A walk over the GraphQL types below Subscriber, written independently of the export's
 * own plan (src/modules/export/export-plan.ts) so that tests can check the export against
 * the types rather than against itself.
 */
export interface WalkStep {
  type: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
  /** The object type the field returns (the node type for a connection), if any. */
  child: GraphQLObjectType | null;
  connection: boolean;
  list: boolean;
}

export function isConnectionType(type: unknown): type is GraphQLObjectType {
  return isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
}

function nodeOf(connection: GraphQLObjectType): GraphQLObjectType {
  const edge = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
  return getNamedType(edge.getFields().node.type) as GraphQLObjectType;
}

/** The fields of `type` that hold data of their own: back-references to a type on `path` are left out. */
export function stepsOf(type: GraphQLObjectType, path: string[]): WalkStep[] {
  const steps: WalkStep[] = [];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (isObjectType(named) && (named === type || path.includes(named.name))) continue;
    const connection = isConnectionType(named);
    const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
    steps.push({
      type,
      field,
      child: connection ? nodeOf(named) : isObjectType(named) ? named : null,
      connection,
      list: connection || isListType(unwrapped),
    });
  }
  return steps;
}

/** A selection of every field below `type`; connections as `name(first: <first>)`. */
export function fullSelection(type: GraphQLObjectType, path: string[], first: number): string {
  return stepsOf(type, path)
    .map((step) => {
      if (!step.child) return step.field.name;
      const inner = fullSelection(step.child, [...path, type.name], first);
      return step.connection
        ? `${step.field.name}(first: ${first}) { edges { node { ${inner} } } pageInfo { hasNextPage } }`
        : `${step.field.name} { ${inner} }`;
    })
    .join(' ');
}
