import { defaultFieldResolver, GraphQLSchema, isNonNullType, isObjectType } from 'graphql';
import { categoryOfField, DataCategory, FieldCategory } from './categories';
import { AccountStatus } from './account-status';

/**
 * What an erased account still answers (docs/design.md section 4), beneath the access rules:
 * - PURGED — policy: KacMac "will normally delete your personally identifiable account
 *   information twelve months after the account is cancelled": its IDENTIFIER fields and
 *   status only; every nullable Subscriber field of another category is null.
 * - RETAINED — policy: "in the event of any accounting irregularities, KacMac reserves the
 *   right to retain your contact and billing information as necessary to resolve the
 *   matter": CONTACT and BILLING stay readable under the usual rules (billing behind the
 *   gate, so BILLING staff verify and read), and so do the COMPLIANCE records that resolve
 *   the matter (verifications, exceptions, the hold to release); the erased categories
 *   (usage, support, marketing) are null.
 * Applied once to the declared schema (idempotent).
 */
const STILL_SERVED: Partial<Record<AccountStatus, ReadonlySet<FieldCategory>>> = {
  [AccountStatus.PURGED]: new Set([DataCategory.IDENTIFIER]),
  [AccountStatus.RETAINED]: new Set([
    DataCategory.IDENTIFIER,
    DataCategory.CONTACT,
    DataCategory.BILLING,
    DataCategory.COMPLIANCE,
  ]),
};

const applied = new WeakSet<GraphQLSchema>();

export function hidePurgedAccountData(schema: GraphQLSchema): GraphQLSchema {
  if (applied.has(schema)) return schema;
  applied.add(schema);
  const subscriber = schema.getType('Subscriber');
  if (!isObjectType(subscriber)) return schema;
  for (const field of Object.values(subscriber.getFields())) {
    const category = categoryOfField(field);
    if (category === DataCategory.IDENTIFIER || isNonNullType(field.type)) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root: { status?: AccountStatus }, args, ctx, info) => {
      const served = root?.status ? STILL_SERVED[root.status] : undefined;
      return served && !(category && served.has(category)) ? null : resolve(root, args, ctx, info);
    };
  }
  return schema;
}
