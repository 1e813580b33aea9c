import {
  DocumentNode,
  getNamedType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
} from 'graphql';

/**
 * What `myDataExport` reads, derived from the GraphQL types themselves: every field of
 * `Subscriber` and of every type reachable from it, as the API declares them. The export
 * runs these documents through the served schema with the caller's context, so each field
 * is decided by the same access rules, resolved by the same loaders and mappers, and noted
 * in the same access-log buffer as any other read. A field added to one of these types is
 * exported without anyone touching the export.
 *
 * Walk rules:
 * - a field leading back to a type already on the path (a ticket's `subscriber`) is the
 *   owner itself and is not followed;
 * - a connection of `Subscriber` (sessions, payments, tickets) is read page by page along
 *   its keyset, each page in a document of its own, so memory stays bounded by a page;
 * - optional arguments (filters, ranges) are left out: the whole history is exported;
 * - anything the walk cannot export completely (a required argument, a connection below a
 *   connection, an abstract type) stops the plan with an error, so it cannot be skipped.
 */
export const EXPORT_ROOT_FIELD = 'me';
const ROOT_TYPE = 'Subscriber';

export interface PagedField {
  /** The connection field of Subscriber, e.g. "sessions". */
  field: string;
  /** `query($first: Int!, $after: String) { me { <field>(first:, after:) { edges { node } pageInfo } } }` */
  document: DocumentNode;
}

export interface ExportPlan {
  /** The policy in effect and every field of the subscriber except its connections. */
  head: DocumentNode;
  pages: PagedField[];
  /** Every object type whose fields the export walks (for tests and docs). */
  types: string[];
}

const plans = new WeakMap<GraphQLSchema, ExportPlan>();

export function exportPlan(schema: GraphQLSchema): ExportPlan {
  let plan = plans.get(schema);
  if (!plan) {
    plan = buildPlan(schema);
    plans.set(schema, plan);
  }
  return plan;
}

function isConnection(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}

function nodeTypeOf(connection: GraphQLObjectType): GraphQLObjectType {
  const edge = getNamedType(connection.getFields().edges.type);
  const node = isObjectType(edge) ? getNamedType(edge.getFields().node?.type) : undefined;
  if (!node || !isObjectType(node)) throw new Error(`${connection.name}: edges have no object node`);
  return node;
}

function requiredArguments(field: GraphQLField<unknown, unknown>): string[] {
  return field.args
    .filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)
    .map((arg) => arg.name);
}

class Walker {
  readonly types = new Set<string>();
  readonly connections: { field: string; node: GraphQLObjectType }[] = [];

  /** The selection set of `type`, reached through `path` (type names, outermost first). */
  selection(type: GraphQLObjectType, path: string[]): string {
    this.types.add(type.name);
    const parts: string[] = [];
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const where = `${type.name}.${field.name}`;
      if (isObjectType(named) && (path.includes(named.name) || named.name === type.name)) continue;
      const required = requiredArguments(field);
      if (required.length > 0 && !isConnection(named)) {
        throw new Error(`export: ${where} needs arguments (${required.join(', ')})`);
      }
      if (isLeafType(named)) {
        parts.push(field.name);
      } else if (isConnection(named)) {
        if (type.name !== ROOT_TYPE) throw new Error(`export: ${where} is a connection below ${ROOT_TYPE}`);
        this.connections.push({ field: field.name, node: nodeTypeOf(named) });
      } else if (isObjectType(named)) {
        parts.push(`${field.name} { ${this.selection(named, [...path, type.name])} }`);
      } else {
        throw new Error(`export: ${where} has an abstract type the export cannot walk`);
      }
    }
    if (parts.length === 0) throw new Error(`export: ${type.name} has no field to export`);
    return parts.join(' ');
  }
}

function buildPlan(schema: GraphQLSchema): ExportPlan {
  const root = schema.getType(ROOT_TYPE);
  if (!isObjectType(root)) throw new Error(`export: no ${ROOT_TYPE} type`);
  const walker = new Walker();
  const subscriber = walker.selection(root, []);
  const head = document(
    schema,
    `query DataExport { privacyPolicy { version postedAt effectiveAt } ${EXPORT_ROOT_FIELD} { ${subscriber} } }`,
  );
  const pages = walker.connections.map(({ field, node }) => ({
    field,
    document: document(
      schema,
      `query DataExportPage($first: Int!, $after: String) { ${EXPORT_ROOT_FIELD} {
        ${field}(first: $first, after: $after) {
          edges { node { ${walker.selection(node, [ROOT_TYPE])} } }
          pageInfo { hasNextPage endCursor }
        } } }`,
    ),
  }));
  return { head, pages, types: [...walker.types].sort() };
}

/** Parsed and validated once per schema: a document the schema refuses fails at start. */
function document(schema: GraphQLSchema, source: string): DocumentNode {
  const parsed = parse(source);
  const errors = validate(schema, parsed);
  if (errors.length > 0) throw new Error(`export: ${errors.map((e) => e.message).join('; ')}`);
  return parsed;
}
