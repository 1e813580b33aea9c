import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { HoldReason, RetentionHoldEntity } from './retention-hold.entity';

registerEnumType(HoldReason, { name: 'HoldReason' });

@ObjectType({
  simpleResolvers: true,
  description: 'Keeps a cancelled account from the retention purge while active',
})
@Category(DataCategory.COMPLIANCE)
export class RetentionHold {
  @Field(() => ID)
  @Category(DataCategory.COMPLIANCE)
  id: string;

  /** Not served: the owner of this row for the access rules. */
  subscriberId: string;

  @Field(() => HoldReason)
  @Category(DataCategory.COMPLIANCE)
  reason: HoldReason;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  note: string;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  placedBy: string;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  placedAt: Date;

  @Field(() => Date, { nullable: true })
  @Category(DataCategory.COMPLIANCE)
  releasedAt: Date | null;
}

export function toRetentionHold(entity: RetentionHoldEntity): RetentionHold {
  return Object.assign(new RetentionHold(), {
    id: String(entity.id),
    subscriberId: String(entity.subscriberId),
    reason: entity.reason,
    note: entity.note,
    placedBy: entity.placedBy,
    placedAt: entity.placedAt,
    releasedAt: entity.releasedAt,
  });
}
