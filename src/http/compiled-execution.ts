import { BREAK, DocumentNode, execute, ExecutionResult, GraphQLError, GraphQLSchema, visit } from 'graphql';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';

/**
 * Operations run as functions compiled from their documents (graphql-jit) instead of
 * through graphql-js's generic interpreter: each field's resolver, shield rule and recorder
 * run exactly as before, but walking the selection, reading arguments and building the
 * result no longer allocate per field, and the result is made of plain objects that
 * serialise about five times faster than graphql-js's null-prototype ones. On the dashboard
 * query this cut the server's CPU per request by about a third (docs/performance.md,
 * "Fourth round").
 *
 * Apollo Server takes an executor of its own through its gateway interface; parsing,
 * validation, the query limits, persisted queries and every plugin hook before and after
 * execution run as they did. Each distinct operation (Apollo's hash of its text, and its
 * name) is compiled once, on first sight (about 1 ms for the dashboard query, within the
 * query limits), and kept in a bounded least-recently-used table. Nothing of a request
 * is kept: a compiled operation holds the document and the schema only.
 */
export interface CompiledExecutionOptions {
  /** How many compiled operations to keep; the least recently used is dropped first. */
  maxOperations: number;
}

type Compiled = CompiledQuery<Record<string, unknown>, Record<string, unknown>>;

export function compiledExecution(
  schema: GraphQLSchema,
  { maxOperations }: CompiledExecutionOptions,
): GatewayInterface {
  const compiled = new Map<string, Compiled | null>();

  const compiledFor = (request: GatewayGraphQLRequestContext): Compiled | null => {
    const key = `${request.queryHash}:${request.operationName ?? ''}`;
    let entry = compiled.get(key);
    if (entry !== undefined) {
      compiled.delete(key); // re-inserted below: Map order is the recency order
    } else {
      // An operation the compiler cannot take, or must not, runs through graphql-js.
      entry = carriesCompilerMarker(request.document) ? null : compiledOrNull(schema, request);
      if (compiled.size >= maxOperations) compiled.delete(compiled.keys().next().value!);
    }
    compiled.set(key, entry);
    return entry;
  };

  const execution = async (request: GatewayGraphQLRequestContext): Promise<ExecutionResult> => {
    const operation = compiledFor(request);
    const variables = request.request.variables ?? {};
    if (operation) {
      const result = await operation.query(undefined, request.context, variables);
      // Variables that do not coerce are refused before anything runs; graphql-js words
      // that refusal as Apollo expects (400, BAD_USER_INPUT), so it reports it.
      if (!(result.data === undefined && result.errors?.length)) return asGraphqlJsErrors(result);
    }
    return execute({
      schema,
      document: request.document,
      contextValue: request.context,
      variableValues: variables,
      operationName: request.operationName,
    });
  };

  // graphql-js's execute is no longer called, so its tracing span is made here: the
  // operation's type and name, never its variables (observability/tracing.ts).
  const tracer = trace.getTracer('kacmac-graphql');
  const executor: GatewayExecutor = (request) =>
    tracer.startActiveSpan(
      'graphql.execute',
      {
        attributes: {
          'graphql.operation.type': request.operation.operation,
          ...(request.operationName ? { 'graphql.operation.name': request.operationName } : {}),
        },
      },
      async (span) => {
        try {
          const result = await execution(request);
          if (result.errors?.length) span.setStatus({ code: SpanStatusCode.ERROR });
          return result;
        } finally {
          span.end();
        }
      },
    );

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: () => Promise.resolve({ executor }),
    stop: () => Promise.resolve(),
  };
}

/** The compiled operation, or null where the compiler refuses the document or fails on it. */
function compiledOrNull(schema: GraphQLSchema, request: GatewayGraphQLRequestContext): Compiled | null {
  try {
    const made = compileQuery(schema, request.document, request.operationName ?? undefined);
    return isCompiledQuery(made) ? (made as Compiled) : null;
  } catch {
    return null;
  }
}

/**
 * The compiler's errors are GraphQL errors, but with no `extensions` when the original had
 * none, where graphql-js always gives an object, which Apollo and formatError read. Such an
 * error is served through a view that adds the empty object and inherits the rest (message,
 * locations, path, the original error for formatError to map): rebuilding each error as
 * graphql-js builds it cost a denied billing page of 100 errors about 0.3 ms.
 */
function asGraphqlJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((error) => !error.extensions)) return result;
  const errors = result.errors.map((error) =>
    error.extensions
      ? error
      : (Object.create(error, { extensions: { value: {}, enumerable: true } }) as GraphQLError),
  );
  return { ...result, errors };
}

/**
 * graphql-jit writes the literal arguments of a document into the code it generates, as
 * JSON, and then turns any string that starts with its marker for a Date
 * (`__MAGIC_DATE__<uuid>`) back into `new Date(<the rest of the string>)`: a client that
 * sends such a string literal would have its text run as code in the server. A document
 * with a string literal that holds any of the compiler's markers (`__MAGIC_`) is therefore
 * never compiled; graphql-js runs it, where a string is only ever a string. Every other
 * value the compiler writes into code is a name the parser has checked, a number, or
 * JSON without that rewriting (test/unit/compiled-execution.test.ts).
 */
const COMPILER_MARKER = '__MAGIC_';

function carriesCompilerMarker(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes(COMPILER_MARKER)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}
