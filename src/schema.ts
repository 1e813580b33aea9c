import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { resolvers } from './modules';
import { applyPermissions } from './access/permissions';
import { hidePurgedAccountData } from './access/purged-account';
import { DateTimeScalar } from './common/date-time';
import { directFieldResolvers } from './common/direct-field-resolvers';

let bare: GraphQLSchema | undefined;

/** The schema as the code declares it, before the access rules are applied. */
export function buildBareSchema(): GraphQLSchema {
  if (!bare) {
    bare = buildSchemaSync({
      resolvers,
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
      // Inputs are validated by the services (zod), where they are also normalised.
      validate: false,
    });
    directFieldResolvers(bare);
  }
  return hidePurgedAccountData(bare);
}

/** The served schema: the declared one wrapped by the shield rules of src/access. */
export function buildSchema(): GraphQLSchema {
  return applyPermissions(buildBareSchema());
}

/** The SDL committed as schema/schema.graphql (sorted, so the file diffs cleanly). */
export function printSchemaFile(): string {
  return printSchema(lexicographicSortSchema(buildBareSchema())) + '\n';
}
