import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  OperationDefinitionNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DataSource } from 'typeorm';
import type { AppContext } from '../context';
import { AppError, ErrorCode, Reason } from '../common/errors';
import { withoutValues } from '../common/redaction';
import { CostContext, fieldCostEstimator } from './query-cost';
import { toGraphQLError } from './graphql-errors';

/**
 * Bounded queries (docs/design.md section 6), all decided before a resolver runs:
 * - tokens, while parsing (graphql-js `maxTokens`, see `parseOptions`), so a 1 MB body of
 *   aliases is not even turned into a document;
 * - aliases and depth, while validating (graphql-armor's rules);
 * - cost, once the operation and its variables are known (query-cost.ts), against a
 *   budget that is much smaller for a request without a valid token.
 * Every refusal is BAD_USER_INPUT with reason QUERY_TOO_COMPLEX.
 */
export interface QueryLimits {
  maxTokens: number;
  maxAliases: number;
  maxDepth: number;
  maxCost: number;
  maxAnonymousCost: number;
}

export class QueryTooComplexError extends AppError {
  constructor(message: string) {
    // Refused before it ran: a client error, HTTP 400 (Apollo reads `http`, never sends it).
    super(message, ErrorCode.BAD_USER_INPUT, Reason.QUERY_TOO_COMPLEX, { http: { status: 400 } });
  }
}

export const parseOptions = (limits: QueryLimits) => ({ maxTokens: limits.maxTokens });

/** graphql-armor reports through these, as our own error instead of its generic one. */
const refuseAs =
  (describe: (found: string) => string) => (context: ValidationContext | null, error: GraphQLError) => {
    const found = /found (\d+)/.exec(error.message)?.[1] ?? 'too many';
    context?.reportError(toGraphQLError(new QueryTooComplexError(describe(found))));
  };

export function queryValidationRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [
        refuseAs((found) => `The query has ${found} aliases; at most ${limits.maxAliases} are allowed`),
      ],
    }),
    maxDepthRule({
      n: limits.maxDepth,
      // A fragment is no level of its own: only fields nest.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [
        refuseAs((found) => `The query is ${found} levels deep; at most ${limits.maxDepth} are allowed`),
      ],
    }),
  ];
}

/** Entries in the access log: what `verifyAccessLog` will read. */
async function accessLogEntries(db: DataSource): Promise<number> {
  const [row] = await db.query('SELECT COALESCE(MAX(id), 0) AS entries FROM access_log_entries');
  return Number(row?.entries ?? 0);
}

/** Whether the operation may verify the access log, whose cost follows the log's size. */
function verifiesAccessLog(document: DocumentNode, anonymous: boolean): boolean {
  return !anonymous && (document.loc?.source.body.includes('verifyAccessLog') ?? true);
}

/**
 * The cost of one operation with its variables. Throws QueryTooComplexError when a field
 * that reads a whole history is named twice; bad variables answer as bad input without
 * their value (graphql-js quotes it, and it may be a card number).
 */
export async function operationCost(
  schema: GraphQLSchema,
  request: { document: DocumentNode; operationName?: string; variables: Record<string, unknown> },
  costs: Omit<CostContext, 'occurrences' | 'accessLogEntries'>,
  db: DataSource,
): Promise<number> {
  // Only a request that may verify the log pays the look-up of its size.
  const verifies = verifiesAccessLog(request.document, costs.anonymous);
  const context: CostContext = {
    ...costs,
    occurrences: new Map(),
    accessLogEntries: verifies ? await accessLogEntries(db) : 0,
  };
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: request.document,
      operationName: request.operationName,
      variables: request.variables,
      estimators: [fieldCostEstimator(context)],
    });
  } catch (error) {
    if (error instanceof GraphQLError) {
      throw new AppError(withoutValues(error.message), ErrorCode.BAD_USER_INPUT, Reason.INVALID_INPUT);
    }
    throw error;
  }
  for (const [field, count] of context.occurrences) {
    if (count > 1) {
      throw new QueryTooComplexError(`${field.split('.')[1]} may be asked for once per request`);
    }
  }
  // The size look-up above is a statement of this request too.
  return cost + (verifies ? 1 : 0);
}

/** How many operations' costs `queryLimitsPlugin` keeps (the least recently used goes first). */
const KEPT_COSTS = 1000;

/**
 * The costs of operations without variables, by the text's hash, the operation's name and
 * whether a token came: such a cost is a function of those alone, so the document is walked
 * once (about 0.1 ms for the dashboard query) instead of on every request. A cost is a
 * number, and the key is Apollo's hash of a text its own document cache already keeps;
 * nothing of a request is kept. An operation with variables, or one that verifies the access
 * log (its cost follows the log's size), is costed on each request.
 */
class KnownCosts {
  private readonly costs = new Map<string, number>();

  keyOf(queryHash: string, operation: OperationDefinitionNode, anonymous: boolean, verifies: boolean) {
    if (verifies || (operation.variableDefinitions?.length ?? 0) > 0) return null;
    return `${queryHash}:${operation.name?.value ?? ''}:${anonymous ? 'anonymous' : 'token'}`;
  }

  get(key: string): number | undefined {
    const cost = this.costs.get(key);
    if (cost !== undefined) {
      this.costs.delete(key); // re-inserted: Map order is the recency order
      this.costs.set(key, cost);
    }
    return cost;
  }

  set(key: string, cost: number): void {
    if (this.costs.size >= KEPT_COSTS) this.costs.delete(this.costs.keys().next().value!);
    this.costs.set(key, cost);
  }
}

/** Its refusals are domain errors: server.ts hands it to Apollo through `mappingDomainErrors`. */
export function queryLimitsPlugin(
  limits: QueryLimits,
  costs: Pick<CostContext, 'logged' | 'publicRoots'>,
): ApolloServerPlugin<AppContext> {
  const known = new KnownCosts();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue, queryHash }) {
          if (!operation) return;
          const anonymous = contextValue.identity === null;
          const key = known.keyOf(queryHash, operation, anonymous, verifiesAccessLog(document, anonymous));
          let cost = key === null ? undefined : known.get(key);
          if (cost === undefined) {
            cost = await operationCost(
              schema,
              { document, operationName: operation.name?.value, variables: request.variables ?? {} },
              { ...costs, anonymous },
              contextValue.db,
            );
            if (key !== null) known.set(key, cost);
          }
          contextValue.request.queryCost = cost;
          const budget = anonymous ? limits.maxAnonymousCost : limits.maxCost;
          if (cost > budget) {
            throw new QueryTooComplexError(
              `The query costs ${cost}; at most ${budget} is allowed${anonymous ? ' without a token' : ''}`,
            );
          }
        },
      };
    },
  };
}
