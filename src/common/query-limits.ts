import {
  GraphQLError,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { ComplexityEstimatorArgs, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';
import { AppError, ErrorCode, Reason } from './errors';
import { DEFAULT_PAGE_SIZE } from './pagination';
import { withoutValues } from './format-error';

/**
 * Bounded queries (docs/design.md section 6): a maximum depth, and a maximum cost in which
 * every field costs 1, aliases count separately, and a list field multiplies its
 * children by its page size (`first`, 20 when omitted).
 */
export class QueryTooComplexError extends AppError {
  constructor(message: string) {
    super(message, ErrorCode.BAD_USER_INPUT, Reason.QUERY_TOO_COMPLEX);
  }
}

function pageEstimator({ field, args, childComplexity }: ComplexityEstimatorArgs): number | void {
  if (!field.args.some((arg) => arg.name === 'first')) return undefined;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + childComplexity * Math.max(1, first);
}

export function queryDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string> = new Set(),
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + queryDepth(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, queryDepth(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      const fragment = fragments[name];
      deepest = Math.max(deepest, queryDepth(fragment?.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return deepest;
}

export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: { maxDepth: number; maxCost: number },
): void {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const depth = queryDepth(operation.selectionSet, fragments);
  if (depth > limits.maxDepth) {
    throw new QueryTooComplexError(
      `The query is ${depth} levels deep; at most ${limits.maxDepth} are allowed`,
    );
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      variables,
      estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    // Variables that do not coerce fail here first; graphql-js quotes their value (a card
    // number, say), so it is answered as bad input without the value, and never logged.
    if (error instanceof GraphQLError) {
      throw new AppError(withoutValues(error.message), ErrorCode.BAD_USER_INPUT, Reason.INVALID_INPUT);
    }
    throw error;
  }
  if (cost > limits.maxCost) {
    throw new QueryTooComplexError(`The query costs ${cost}; at most ${limits.maxCost} is allowed`);
  }
}

export function queryLimitsPlugin(limits: { maxDepth: number; maxCost: number }): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          checkQueryLimits(schema, document, operation, request.variables ?? {}, limits);
        },
      };
    },
  };
}
