import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { retentionEndsAt } from './retention-period';
import DataLoader from 'dataloader';
import type { AppContext } from '../../context';
import { SubscriberEntity } from './subscriber.entity';
import { subscriberRowById } from './subscriber.loaders';
import { AccountStatus } from '../../access/account-status';
import { PostalAddress, toPostalAddress } from './postal-address.type';

registerEnumType(AccountStatus, { name: 'AccountStatus' });

/**
 * A subscriber as the API serves it. Relation fields (sessions, payments, tickets, ...)
 * are added by the resolvers of their own modules, each tagged with its category.
 */
@ObjectType({ simpleResolvers: true })
@Category(DataCategory.IDENTIFIER)
export class Subscriber {
  @Field(() => ID)
  @Category(DataCategory.IDENTIFIER)
  id: string;

  /** Not served: the owner of this row for the access rules (itself). */
  subscriberId: string;

  @Field()
  @Category(DataCategory.IDENTIFIER)
  accountNumber: string;

  @Field(() => AccountStatus)
  @Category(DataCategory.IDENTIFIER)
  status: AccountStatus;

  @Field()
  @Category(DataCategory.IDENTIFIER)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Category(DataCategory.IDENTIFIER)
  cancelledAt: Date | null;

  /** Not served: cancelledAt + the retention period, before holds (`deletionDueAt` adds them). */
  retentionEndsAt: Date | null;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.CONTACT)
  name: string | null;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.CONTACT)
  email: string | null;

  @Field(() => String, { nullable: true, description: 'E.164' })
  @Category(DataCategory.CONTACT)
  phone: string | null;

  @Field(() => PostalAddress, { nullable: true })
  @Category(DataCategory.CONTACT)
  address: PostalAddress | null;
}

/** The one mapping of a subscriber row to its GraphQL object. */
export function toSubscriber(entity: SubscriberEntity): Subscriber {
  return Object.assign(new Subscriber(), {
    id: entity.id,
    subscriberId: entity.id,
    accountNumber: entity.accountNumber,
    status: entity.status,
    createdAt: entity.createdAt,
    cancelledAt: entity.cancelledAt,
    retentionEndsAt:
      entity.status === AccountStatus.CANCELLED && entity.cancelledAt
        ? retentionEndsAt(entity.cancelledAt)
        : null,
    name: entity.name,
    email: entity.email,
    phone: entity.phone,
    address: toPostalAddress(entity.address),
  });
}

/**
 * The subscribers of subscriberRowById as the API serves them, each mapped once per request
 * however many fields reach it: for the resolvers that answer a subscriber (`me`,
 * `SupportTicket.subscriber`, a verification's or an exception's subscriber).
 */
export function subscriberById(ctx: AppContext): DataLoader<string, Subscriber | null> {
  return ctx.loaders.get(
    'subscriber.node',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await subscriberRowById(ctx).loadMany(ids);
        return rows.map((row) => (row instanceof Error ? row : row && toSubscriber(row)));
      }),
  );
}
