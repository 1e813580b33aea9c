import { Field, ID, ObjectType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';

@ObjectType({ simpleResolvers: true, description: 'What a retention purge did, or would do in a dry run' })
@Category(DataCategory.COMPLIANCE)
export class PurgeResult {
  @Field()
  @Category(DataCategory.COMPLIANCE)
  dryRun: boolean;

  @Field(() => [ID])
  @Category(DataCategory.COMPLIANCE)
  purged: string[];

  @Field(() => [ID], { description: 'Due, but kept by a LEGAL_OBLIGATION hold' })
  @Category(DataCategory.COMPLIANCE)
  skippedOnHold: string[];

  @Field(() => [ID], { description: 'Failed and left untouched; the next run retries them' })
  @Category(DataCategory.COMPLIANCE)
  failed: string[];
}
