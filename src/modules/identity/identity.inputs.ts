import { z } from 'zod';
import { id } from '../../common/validation';
import { DocumentType } from './identity.entity';
import { Field, ID, InputType } from 'type-graphql';

export const identityVerificationSchema = z.object({
  subscriberId: id,
  documentType: z.enum(DocumentType),
  grantedTo: z
    .string()
    .trim()
    .max(64, 'must be at most 64 characters')
    .nullish()
    .transform((v) => (v ? v : null)),
});

@InputType()
export class IdentityVerificationInput {
  @Field(() => ID)
  subscriberId: string;

  @Field(() => DocumentType)
  documentType: DocumentType;

  @Field(() => String, {
    nullable: true,
    description: 'The recording actor when omitted; the subscriber id unlocks the customer app',
  })
  grantedTo?: string | null;
}
