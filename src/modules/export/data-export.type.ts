import { Field, ObjectType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { Subscriber } from '../subscriber/subscriber.type';

/** Everything held about the calling customer (its own data only: root access is CUSTOMER). */
@ObjectType()
@Category(DataCategory.IDENTIFIER)
export class DataExport {
  /** Not served: the owner of this row for the access rules. */
  subscriberId: string;

  @Field()
  @Category(DataCategory.IDENTIFIER)
  generatedAt: Date;

  @Field(() => Subscriber)
  @Category(DataCategory.IDENTIFIER)
  subscriber: Subscriber;

  @Field({ description: 'One JSON document; billing only while the billing gate is open' })
  @Category(DataCategory.IDENTIFIER)
  json: string;
}
