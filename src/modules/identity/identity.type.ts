import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { DocumentType, IdentityVerificationRow } from './identity.entity';

registerEnumType(DocumentType, { name: 'DocumentType' });

/** A recorded identity check (COMPLIANCE). */
@ObjectType({ simpleResolvers: true })
@Category(DataCategory.COMPLIANCE)
export class IdentityVerification {
  @Field(() => ID)
  @Category(DataCategory.COMPLIANCE)
  id: string;

  subscriberId: string;

  @Field(() => DocumentType)
  @Category(DataCategory.COMPLIANCE)
  documentType: DocumentType;

  @Field({ description: 'The actor who checked the document' })
  @Category(DataCategory.COMPLIANCE)
  verifiedBy: string;

  @Field({ description: 'The actor whose requests it unlocks (the verifying agent, or the subscriber)' })
  @Category(DataCategory.COMPLIANCE)
  grantedTo: string;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  verifiedAt: Date;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  validUntil: Date;
}

export function toIdentityVerification(row: IdentityVerificationRow): IdentityVerification {
  return Object.assign(new IdentityVerification(), {
    id: String(row.id),
    subscriberId: String(row.subscriberId),
    documentType: row.documentType,
    verifiedBy: row.verifiedBy,
    grantedTo: row.grantedTo,
    verifiedAt: row.verifiedAt,
    validUntil: row.validUntil,
  });
}
