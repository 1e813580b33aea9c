import { Field, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { AGGREGATE, Category } from '../../access/categories';
import type { CountRow } from './report.row';

// The service's rows have this shape field for field: the resolvers serve them as they are.
@ObjectType({
  simpleResolvers: true,
  description:
    'One group of an aggregate. A group of fewer than REPORT_MIN_GROUP_SIZE distinct subscribers is suppressed: value null, suppressed true.',
})
@Category(AGGREGATE)
export class CountBucket implements CountRow {
  @Field({
    description:
      'A stable key from an enum or the calendar, never free text: an enum name, a month (2026-03), a day (2026-03-15), or a month and ISO 4217 currency (2026-03 EUR); UTC',
  })
  @Category(AGGREGATE)
  key: string;

  // SafeInt, not Int: a month's revenue in cents passes 2^31 at about 21 million.
  @Field(() => GraphQLSafeInt, { nullable: true })
  @Category(AGGREGATE)
  value: number | null;

  @Field()
  @Category(AGGREGATE)
  suppressed: boolean;
}

/** Internal reporting (docs/design.md section 5): every field is an aggregate computed in SQL. */
@ObjectType({
  simpleResolvers: true,
  description: 'Aggregates for internal reporting; no subscriber-level data',
})
@Category(AGGREGATE)
export class Report {}
