import { Field, Int, ObjectType } from 'type-graphql';
import { AGGREGATE, Category } from '../../access/categories';

@ObjectType({
  description:
    'One group of an aggregate. A group of fewer than REPORT_MIN_GROUP_SIZE distinct subscribers is suppressed: value null, suppressed true.',
})
@Category(AGGREGATE)
export class CountBucket {
  @Field({ description: 'A stable key: an enum name, a month (2026-03) or a day (2026-03-15), in UTC' })
  @Category(AGGREGATE)
  key: string;

  @Field(() => Int, { nullable: true })
  @Category(AGGREGATE)
  value: number | null;

  @Field()
  @Category(AGGREGATE)
  suppressed: boolean;
}

/** Internal reporting (docs/design.md section 5): every field is an aggregate computed in SQL. */
@ObjectType({ description: 'Aggregates for internal reporting; no subscriber-level data' })
@Category(AGGREGATE)
export class Report {}
