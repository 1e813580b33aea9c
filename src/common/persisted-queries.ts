import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError, ErrorCode, Reason } from './errors';

/**
 * Persisted queries (DESIGN.md section 6):
 * - `apq` (default): automatic persisted queries, but only a request with a valid token
 *   registers a new one; without a token the query runs and is not stored, so nobody
 *   anonymous can fill the cache;
 * - `only` (trusted documents): the server runs only the operations of a manifest in
 *   Apollo's persisted-query manifest format, asked for by id or sent in full; anything
 *   else is refused before it is parsed, and nothing is ever registered;
 * - `off`: no persisted queries at all.
 */
export type PersistedQueriesMode = 'apq' | 'only' | 'off';

type PersistedQueryCache = NonNullable<
  Exclude<ApolloServerOptions<AppContext>['persistedQueries'], false | undefined>['cache']
>;

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});
export type PersistedQueryManifest = z.infer<typeof manifestSchema>;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The operations of a manifest by id and by the sha-256 of their body (what APQ clients send). */
export class TrustedDocuments {
  private readonly bodies = new Map<string, string>();

  constructor(manifest: PersistedQueryManifest) {
    for (const operation of manifest.operations) {
      this.bodies.set(operation.id, operation.body);
      this.bodies.set(sha256(operation.body), operation.body);
    }
  }

  static fromFile(path: string): TrustedDocuments {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`PERSISTED_QUERY_MANIFEST ${path} could not be read: ${(error as Error).message}`);
    }
    const result = manifestSchema.safeParse(parsed);
    if (!result.success) {
      throw new Error(`PERSISTED_QUERY_MANIFEST ${path} is not an Apollo persisted-query manifest`);
    }
    return new TrustedDocuments(result.data);
  }

  has(hash: string | undefined): boolean {
    return hash !== undefined && this.bodies.has(hash);
  }

  /** Apollo's persisted-query cache, read from the manifest; it never learns a new entry. */
  asCache(): PersistedQueryCache {
    return {
      get: async (key) => this.bodies.get(key.replace(/^apq:/, '')),
      set: async () => undefined,
      delete: async () => undefined,
    };
  }

  get size(): number {
    return new Set(this.bodies.values()).size;
  }
}

export class UntrustedDocumentError extends AppError {
  constructor() {
    super(
      'This server runs only the operations of its persisted-query manifest: send one by its id',
      ErrorCode.FORBIDDEN,
      Reason.PERSISTED_QUERY_REQUIRED,
      { http: { status: 400 } },
    );
  }
}

export interface PersistedQuerySetup {
  options: Pick<ApolloServerOptions<AppContext>, 'persistedQueries'>;
  plugin: ApolloServerPlugin<AppContext>;
  /**
   * For `only`: a preHandler of the GraphQL route that refuses a free-form document before
   * Apollo parses or validates it (a validation error would spell out the schema).
   */
  httpHook?: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
}

/** The text of a `query` sent over HTTP: in a POST body or a GET query string. */
function sentQuery(request: FastifyRequest): unknown {
  const from = (request.method === 'GET' ? request.query : request.body) as { query?: unknown } | undefined;
  return from && typeof from === 'object' && !Array.isArray(from) ? from.query : undefined;
}

/** Apollo options, the plugin and the HTTP check for a mode. */
export function persistedQueries(mode: PersistedQueriesMode, manifestPath: string): PersistedQuerySetup {
  if (mode === 'off') return { options: { persistedQueries: false }, plugin: {} };
  if (mode === 'apq') {
    return {
      options: {},
      plugin: {
        async requestDidStart() {
          return {
            async didResolveSource(requestContext) {
              // Finding 9 of issue 10: without a token, a query is run but never registered.
              if (!requestContext.contextValue.identity)
                requestContext.metrics.persistedQueryRegister = false;
            },
          };
        },
      },
    };
  }
  const documents = TrustedDocuments.fromFile(manifestPath);
  const refusal = new UntrustedDocumentError();
  return {
    options: { persistedQueries: { cache: documents.asCache(), ttl: null } },
    plugin: {
      async requestDidStart() {
        return {
          async didResolveSource(requestContext) {
            requestContext.metrics.persistedQueryRegister = false;
          },
          // Also for operations that do not come over HTTP (executeOperation).
          async didResolveOperation(requestContext) {
            if (!documents.has(requestContext.queryHash)) throw new UntrustedDocumentError();
          },
        };
      },
    },
    async httpHook(request, reply) {
      const query = sentQuery(request);
      if (query === undefined || (typeof query === 'string' && documents.has(sha256(query))))
        return undefined;
      return reply.code(400).send({
        errors: [{ message: refusal.message, extensions: { code: refusal.code, reason: refusal.reason } }],
      });
    },
  };
}
