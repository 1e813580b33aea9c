import { Field, ObjectType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { Subscriber, toSubscriber } from '../subscriber/subscriber.type';
import type { ExportedDocument } from './data-export.row';

/** Everything held about the calling customer (its own data only: root access is CUSTOMER). */
@ObjectType({ simpleResolvers: true })
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

export function toDataExport({ subscriber, generatedAt, json }: ExportedDocument): DataExport {
  return Object.assign(new DataExport(), {
    subscriberId: subscriber.id,
    generatedAt,
    subscriber: toSubscriber(subscriber),
    json,
  });
}
