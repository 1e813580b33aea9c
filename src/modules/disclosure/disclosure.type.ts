import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { awaitingReview, DisclosureBasis, DisclosureStatus, effectiveStatus } from '../../access/disclosure';
import { DisclosureExceptionEntity } from './disclosure.entity';

registerEnumType(DisclosureBasis, { name: 'DisclosureBasis' });
registerEnumType(DisclosureStatus, { name: 'DisclosureStatus' });

/** A disclosure exception (COMPLIANCE); `status` is computed at read time (EXPIRED). */
@ObjectType({ simpleResolvers: true })
@Category(DataCategory.COMPLIANCE)
export class DisclosureException {
  @Field(() => ID)
  @Category(DataCategory.COMPLIANCE)
  id: string;

  subscriberId: string;

  @Field(() => DisclosureBasis)
  @Category(DataCategory.COMPLIANCE)
  basis: DisclosureBasis;

  @Field({ description: 'Court order, case or incident number' })
  @Category(DataCategory.COMPLIANCE)
  reference: string;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  justification: string;

  @Field(() => [DataCategory])
  @Category(DataCategory.COMPLIANCE)
  categories: DataCategory[];

  @Field(() => DisclosureStatus)
  @Category(DataCategory.COMPLIANCE)
  status: DisclosureStatus;

  @Field({ description: 'EMERGENCY: active and not yet reviewed by a second compliance officer' })
  @Category(DataCategory.COMPLIANCE)
  awaitingReview: boolean;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  requestedBy: string;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.COMPLIANCE)
  approvedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Who reviewed an EMERGENCY exception' })
  @Category(DataCategory.COMPLIANCE)
  reviewedBy: string | null;

  @Field(() => String, { nullable: true, description: 'The reason given when rejected' })
  @Category(DataCategory.COMPLIANCE)
  decisionNote: string | null;

  @Field(() => Date, { nullable: true })
  @Category(DataCategory.COMPLIANCE)
  validFrom: Date | null;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  validUntil: Date;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  createdAt: Date;
}

export function toDisclosureException(row: DisclosureExceptionEntity, now: Date): DisclosureException {
  return Object.assign(new DisclosureException(), {
    id: String(row.id),
    subscriberId: String(row.subscriberId),
    basis: row.basis,
    reference: row.reference,
    justification: row.justification,
    categories: [...row.categories],
    status: effectiveStatus(row, now),
    awaitingReview: awaitingReview(row, now),
    requestedBy: row.requestedBy,
    approvedBy: row.approvedBy,
    reviewedBy: row.reviewedBy,
    decisionNote: row.decisionNote,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    createdAt: row.createdAt,
  });
}
