import { getNamedType, getNullableType, GraphQLField, isListType, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { DAY_MS } from '../common/clock';
import { MAX_PAGE_SIZE } from '../paging/pagination';
import { MAX_SESSION_RANGE_DAYS } from '../modules/reporting/report.inputs';

/**
 * The cost model of docs/design.md section 6: every field that reaches the database costs what
 * it can read, so that a request's cost, known before it runs, bounds the SQL statements
 * it can issue (test/integration/http/query-cost.test.ts walks queries and checks exactly that).
 *
 * - Any field costs 1, so aliases of the cheapest field still add up.
 * - A field that reaches the database (every root field, and every field with a resolver
 *   of its own: relations, `totalCount`, the gate's `billingAccess`, reports) costs
 *   DATABASE_READ_COST; one whose reads go to the access log adds ACCESS_LOG_WRITE_COST;
 *   a mutation costs MUTATION_COST (its transaction, lock, writes and log entries).
 * - A list multiplies what is selected under it by the most items it can hold: `first`
 *   for a page (its schema default when omitted), MAX_PAGE_SIZE for a list without `first`,
 *   the days or months of the range for a report, whose own scan costs REPORT_SCAN_COST.
 * - `verifyAccessLog` costs by the size of the log and `myDataExport` a fixed
 *   WHOLE_HISTORY_COST; each may appear once per request (query-limits.ts).
 */
export const DATABASE_READ_COST = 2;
export const ACCESS_LOG_WRITE_COST = 6;
export const MUTATION_COST = 30;
export const REPORT_SCAN_COST = 5000;
export const WHOLE_HISTORY_COST = 1000;
/** Report ranges left open are costed as ten years of months. */
const OPEN_RANGE_MONTHS = 120;
/** Entries of the log one unit of `verifyAccessLog`'s cost pays for (it reads 2 000 per statement). */
const LOG_ENTRIES_PER_UNIT = 1000;

/** Root fields that read a whole history; a request may name each of them once. */
export const ONCE_PER_REQUEST = new Set(['Query.verifyAccessLog', 'Query.myDataExport']);

const MONTH_MS = 31 * DAY_MS;

/** `verifyAccessLog`'s cost for a log of `entries`: the log is read in batches, then its head. */
export function verifyAccessLogCost(entries: number): number {
  return WHOLE_HISTORY_COST + Math.ceil(entries / LOG_ENTRIES_PER_UNIT);
}

let databaseFields: Set<string> | undefined;

/**
 * `Type.field` of every field with a resolver of its own (type-graphql's field resolvers,
 * `totalCount` included): these are the ones that read beyond the row their parent came with.
 * Read from the resolver metadata, so a field resolver added later is costed without a list
 * to keep up to date. Root fields are added by `fieldCost` itself.
 */
function fieldsWithResolvers(): Set<string> {
  if (databaseFields) return databaseFields;
  const storage = getMetadataStorage();
  const names = new Set<string>();
  for (const resolver of storage.fieldResolvers) {
    const target = resolver.getObjectType?.();
    const type = storage.objectTypes.find((candidate) => candidate.target === target);
    if (type) names.add(`${type.name}.${resolver.schemaName}`);
  }
  databaseFields = names;
  return names;
}

function isRoot(type: { name: string }): boolean {
  return type.name === 'Query' || type.name === 'Mutation';
}

function monthsBetween(from: unknown, to: unknown): number {
  if (!(from instanceof Date) || !(to instanceof Date)) return OPEN_RANGE_MONTHS;
  const months = Math.ceil((to.getTime() - from.getTime()) / MONTH_MS) + 1;
  return Math.min(Math.max(months, 1), OPEN_RANGE_MONTHS * 10);
}

/**
 * How many items a field that reaches the database can return, by its arguments; 1 for one
 * that is no list. (A list its parent holds, such as a page's `edges`, was multiplied by
 * the field that read it.)
 */
function itemsOf(field: GraphQLField<unknown, unknown>, qualified: string, args: Record<string, unknown>) {
  if (qualified === 'Report.sessionsByDay') {
    const { from, to } = args;
    if (!(from instanceof Date) || !(to instanceof Date)) return MAX_SESSION_RANGE_DAYS;
    const days = Math.ceil((to.getTime() - from.getTime()) / DAY_MS);
    return Math.min(Math.max(days, 1), MAX_SESSION_RANGE_DAYS);
  }
  if (qualified.startsWith('Report.') && qualified.endsWith('ByMonth'))
    return monthsBetween(args.from, args.to);
  if (field.args.some((arg) => arg.name === 'first')) {
    return typeof args.first === 'number' ? Math.min(Math.max(args.first, 1), MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
  }
  const type = getNullableType(field.type);
  if (isListType(type) && isObjectType(getNamedType(type))) return MAX_PAGE_SIZE;
  return 1;
}

export interface CostContext {
  /** `Type.field` names whose reads may be written to the access log (permissions plan). */
  logged: ReadonlySet<string>;
  /** Root fields open without a token; the others cost 1 for an anonymous request. */
  publicRoots: ReadonlySet<string>;
  /** True for a request without a valid token. */
  anonymous: boolean;
  /** Entries in the access log, when the operation verifies it. */
  accessLogEntries: number;
  /** How often each ONCE_PER_REQUEST field occurs in the operation. */
  occurrences: Map<string, number>;
}

/** The estimator for graphql-query-complexity: what one field (one alias) may cost. */
export function fieldCostEstimator(costs: CostContext): ComplexityEstimator {
  const withResolvers = fieldsWithResolvers();
  return ({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number => {
    const qualified = `${type.name}.${field.name}`;
    if (ONCE_PER_REQUEST.has(qualified)) {
      costs.occurrences.set(qualified, (costs.occurrences.get(qualified) ?? 0) + 1);
    }
    // Without a token, the shield refuses a non-public root field before it reads anything.
    if (costs.anonymous && isRoot(type) && !costs.publicRoots.has(qualified)) return 1;
    const readsDatabase = isRoot(type) || withResolvers.has(qualified);
    let own = type.name === 'Mutation' ? MUTATION_COST : readsDatabase ? DATABASE_READ_COST : 1;
    if (costs.logged.has(qualified)) own += ACCESS_LOG_WRITE_COST;
    if (!readsDatabase) return own + childComplexity;
    if (qualified.startsWith('Report.')) own += REPORT_SCAN_COST;
    if (qualified === 'Query.verifyAccessLog') own += verifyAccessLogCost(costs.accessLogEntries);
    if (qualified === 'Query.myDataExport') own += WHOLE_HISTORY_COST;
    return own + itemsOf(field, qualified, args) * childComplexity;
  };
}
