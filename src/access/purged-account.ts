import { defaultFieldResolver, GraphQLSchema, isNonNullType, isObjectType } from 'graphql';
import { categoryOfField, DataCategory } from './categories';
import { AccountStatus } from '../modules/subscriber/subscriber.entity';

/**
 * Policy: KacMac "will normally delete your personally identifiable account information
 * twelve months after the account is cancelled" (docs/design.md section 4): a PURGED account
 * answers with its IDENTIFIER fields and status only. Every
 * nullable Subscriber field of another category resolves to null on a PURGED account,
 * whatever the purge kept for accounting (an ACCOUNTING_IRREGULARITY hold keeps contact
 * and billing in the database, not in the API). Applied once to the declared schema
 * (idempotent), beneath the access rules.
 */
const applied = new WeakSet<GraphQLSchema>();

export function hidePurgedAccountData(schema: GraphQLSchema): GraphQLSchema {
  if (applied.has(schema)) return schema;
  applied.add(schema);
  const subscriber = schema.getType('Subscriber');
  if (!isObjectType(subscriber)) return schema;
  for (const field of Object.values(subscriber.getFields())) {
    if (categoryOfField(field) === DataCategory.IDENTIFIER || isNonNullType(field.type)) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root: { status?: AccountStatus }, args, ctx, info) =>
      root?.status === AccountStatus.PURGED ? null : resolve(root, args, ctx, info);
  }
  return schema;
}
