import { z } from 'zod';
import { DataCategory } from '../../access/categories';
import { DisclosureBasis, DisclosureStatus } from '../../access/disclosure';
import { dateTime, id, text } from '../../common/validation';
import { Field, ID, InputType } from 'type-graphql';

export const disclosureExceptionSchema = z.object({
  subscriberId: id,
  basis: z.enum(DisclosureBasis),
  reference: text(200),
  justification: text(4000),
  categories: z
    .array(z.enum(DataCategory))
    .min(1, 'must name at least one data category')
    .transform((list) => [...new Set(list)]),
  validUntil: dateTime,
});

export const rejectionNoteSchema = text(4000);

export const exceptionFilterSchema = z.object({
  subscriberId: id.nullish(),
  status: z.enum(DisclosureStatus).nullish(),
});

@InputType()
export class DisclosureExceptionInput {
  @Field(() => ID)
  subscriberId: string;

  @Field(() => DisclosureBasis)
  basis: DisclosureBasis;

  @Field()
  reference: string;

  @Field()
  justification: string;

  @Field(() => [DataCategory])
  categories: DataCategory[];

  @Field({ description: 'At most 90 days ahead; EMERGENCY at most 72 hours' })
  validUntil: Date;
}
