import { GraphQLSchema, isObjectType, GraphQLObjectType } from 'graphql';
import { applyMiddleware, IMiddlewareFieldMap } from 'graphql-middleware';
import { allow, deny, shield, IRules } from 'graphql-shield';
import { ForbiddenError, Reason } from '../common/errors';
import { categoryOfField, categoryOfType, FieldCategory, PUBLIC, STRUCTURE } from './categories';
import { MUTATION_ACCESS, OperationAccess, QUERY_ACCESS } from './operations';
import { CATEGORY_ACCESS, isFactAccess, isGateAccess, sameAccess, TableCategory } from './policy-table';
import { operationRule } from './rules';
import { FIELD_RULES } from './field-rules';
import { rowGateMiddleware } from './row-gate';
import { mutationGuardMiddleware } from './mutation-guard';

type IRuleFieldMap = Record<string, unknown>;

/**
 * Turns the category tags of the schema and the operation table into the shield rule
 * map (docs/design.md sections 2 and 7):
 * - every root field gets its operation rule (a public one is open to all);
 * - a field whose category is decided differently from its type's is row-gated: served on
 *   its category's decision for the subscriber that owns the row, and its read noted for
 *   the access log where that decision must be logged (access/row-gate.ts);
 * - a field decided exactly as its type, by role alone, stays plain: whoever reached the
 *   object through a checked root or relation field may read it;
 * - every field of a gated type (BILLING) is row-gated, so a mutation's read-back is
 *   gated too;
 * - anything untagged or unlisted is denied (fallbackRule: deny).
 */
export interface PermissionPlan {
  /** The shield's rules: root operations, field rules, plain fields, the deny fallback. */
  rules: Record<string, IRuleFieldMap>;
  /** `Type.field` names that are deliberately left unwrapped. */
  plainFields: Set<string>;
  /** `Type.field` names served through the row gate, with the category it decides. */
  rowGated: Map<string, TableCategory>;
}

const isGated = (category: TableCategory) => Object.values(CATEGORY_ACCESS[category]).some(isGateAccess);

/** Facts (the billing gate or a disclosure exception) can open the category to some role. */
const opensOnFacts = (category: TableCategory) => Object.values(CATEGORY_ACCESS[category]).some(isFactAccess);

const asTable = (category: FieldCategory | undefined): TableCategory | undefined =>
  category === undefined || category === STRUCTURE ? undefined : category;

export function planPermissions(schema: GraphQLSchema): PermissionPlan {
  const rules: Record<string, IRuleFieldMap> = {};
  const plainFields = new Set<string>();
  const rowGated = new Map<string, TableCategory>();
  const roots: [
    GraphQLObjectType | null | undefined,
    'Query' | 'Mutation',
    Record<string, OperationAccess>,
  ][] = [
    [schema.getQueryType(), 'Query', QUERY_ACCESS],
    [schema.getMutationType(), 'Mutation', MUTATION_ACCESS],
  ];
  for (const [type, root, table] of roots) {
    if (!type) continue;
    const map: IRuleFieldMap = {};
    for (const field of Object.values(type.getFields())) {
      const access = table[field.name];
      if (categoryOfField(field) === PUBLIC) map[field.name] = allow;
      else if (access) map[field.name] = operationRule(root, field.name, access);
    }
    rules[root] = map;
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name in rules) continue;
    const typeCategory = categoryOfType(type);
    const map: IRuleFieldMap = {};
    for (const field of Object.values(type.getFields())) {
      const fieldCategory = categoryOfField(field);
      if (fieldCategory === undefined) continue; // denied by fallback; a test lists these
      const qualified = `${type.name}.${field.name}`;
      const own = asTable(fieldCategory);
      const parent = asTable(typeCategory);
      if (FIELD_RULES[qualified]) {
        map[field.name] = FIELD_RULES[qualified];
      } else if (fieldCategory === STRUCTURE || typeCategory === STRUCTURE || fieldCategory === PUBLIC) {
        plainFields.add(qualified);
      } else if (
        own &&
        parent &&
        sameAccess(own, parent) &&
        !isGated(own) &&
        !hasArguments(type, field.name)
      ) {
        plainFields.add(qualified);
      } else if (own) {
        rowGated.set(qualified, own);
      }
    }
    for (const field of Object.keys(type.getFields())) {
      const qualified = `${type.name}.${field}`;
      // A row-gated field passes the shield; the row gate, inside it, decides.
      if (plainFields.has(qualified) || rowGated.has(qualified)) map[field] = allow;
    }
    rules[type.name] = map;
  }
  return { rules, plainFields, rowGated };
}

/**
 * `Type.field` of the root fields open to a request without a token (PUBLIC by their
 * category). The query limits cost the others at 1 for such a request: the shield
 * refuses them before they read anything.
 */
export function publicRootFields(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (categoryOfField(field) === PUBLIC) names.add(`${type!.name}.${field.name}`);
    }
  }
  return names;
}

/**
 * `Type.field` of the row-gated fields whose reads may be written to the access log: their
 * category can be opened by facts (the billing gate or a disclosure exception). The query
 * limits cost each such read as a log write.
 */
export function loggableFields(plan: PermissionPlan): Set<string> {
  return new Set([...plan.rowGated].flatMap(([field, category]) => (opensOnFacts(category) ? [field] : [])));
}

function hasArguments(type: GraphQLObjectType, field: string): boolean {
  return type.getFields()[field].args.length > 0;
}

/** A `false` from a rule is a role denial; a thrown error is passed on, to be masked at the edge. */
/**
 * Shield calls this with null when a rule said no, and with whatever a rule or resolver
 * threw otherwise: that passes on to formatError, which keeps AppErrors and masks the rest.
 * (Errors raised by Node itself, such as a refused database connection, may come from
 * another realm and fail `instanceof Error`; they are wrapped, never turned into a denial.)
 */
/** Shield passes null when a rule denies, else what a rule threw. */
function fallbackError(thrown: unknown): Error {
  if (thrown === null) return new ForbiddenError(Reason.ROLE_NOT_PERMITTED);
  return thrown instanceof Error ? thrown : new Error('Unexpected failure', { cause: thrown });
}

export function applyPermissions(schema: GraphQLSchema): GraphQLSchema {
  const plan = planPermissions(schema);
  const generator = shield(plan.rules as IRules, {
    fallbackRule: deny,
    fallbackError,
    allowExternalErrors: false,
    debug: false,
  });
  // Shield wraps every field it knows; the plain and the row-gated ones are taken back out,
  // so scalar fields that need no check of their own resolve without middleware, and the
  // row gate alone wraps its fields (docs/design.md section 7).
  const middleware = generator.generate(schema) as IMiddlewareFieldMap;
  for (const qualified of [...plan.plainFields, ...plan.rowGated.keys()]) {
    const [typeName, fieldName] = qualified.split('.');
    const typeMap = middleware[typeName] as Record<string, unknown> | undefined;
    if (typeMap) delete typeMap[fieldName];
  }
  // Shield decides root operations and field rules; the row gate decides and notes the
  // category fields; a mutation's guard (access/mutation-guards.ts) runs once shield has
  // allowed the role.
  return applyMiddleware(schema, middleware, rowGateMiddleware(plan.rowGated), mutationGuardMiddleware());
}
