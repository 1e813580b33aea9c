import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { AppContext } from '../context';
import type { RequestStore } from '../common/request-store';
import { countResponseErrors, metrics } from './metrics';

/** What the Apollo pipeline learnt about a request, read once its response is final. */
interface Outcome {
  operation: string | null;
  role: string | null;
  response: GraphQLResponse;
}

const outcomes = new WeakMap<RequestStore, Outcome>();

/**
 * Notes each request's operation, role and response. The figures are taken in
 * observeGraphqlRequest, after every plugin has finished: the access-log flush may still
 * replace the response in its own willSendResponse, and those hooks run side by side.
 */
export function graphqlMetricsPlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operationName, response }) {
          outcomes.set(contextValue.request, {
            operation: operationName ?? null,
            role: contextValue.identity?.role ?? null,
            response,
          });
        },
      };
    },
  };
}

/** Times one GraphQL request over HTTP (token check included) and counts its errors. */
export async function observeGraphqlRequest<T>(store: RequestStore, handle: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  try {
    return await handle();
  } finally {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const outcome = outcomes.get(store);
    // No outcome: refused before execution (CSRF prevention, a malformed HTTP request).
    const operation = outcome ? operationNames.label(outcome.operation) : 'none';
    const role = outcome ? (outcome.role ?? 'anonymous') : 'none';
    metrics().requestDuration.observe({ operation, role }, seconds);
    if (outcome?.response.body.kind === 'single')
      countResponseErrors(outcome.response.body.singleResult.errors);
  }
}

/**
 * Operation names are chosen by client developers ("Dashboard", "Me"), not by users, but
 * a client could still send a new one with every request: past MAX_OPERATION_NAMES
 * distinct names, further ones count as "other", so the series stay bounded.
 */
const MAX_OPERATION_NAMES = 200;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

export class OperationNames {
  private readonly seen = new Set<string>();
  constructor(private readonly limit = MAX_OPERATION_NAMES) {}

  label(name: string | null): string {
    if (!name) return 'anonymous';
    if (!GRAPHQL_NAME.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.limit) return 'other';
    this.seen.add(name);
    return name;
  }
}

const operationNames = new OperationNames();
