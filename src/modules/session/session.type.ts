import { Field, ID, ObjectType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { connectionTypes } from '../../paging/pagination';

@ObjectType()
@Category(DataCategory.USAGE)
export class Session {
  @Field(() => ID)
  @Category(DataCategory.USAGE)
  id: string;

  subscriberId: string;

  @Field()
  @Category(DataCategory.USAGE)
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  @Category(DataCategory.USAGE)
  endedAt: Date | null;

  @Field()
  @Category(DataCategory.USAGE)
  ipAddress: string;
}

const types = connectionTypes(Session, 'Session');
export const SessionEdge = types.Edge;
export const SessionConnection = types.Connection;
export type SessionConnection = InstanceType<typeof SessionConnection>;

export function toSession(row: Record<string, unknown>): Session {
  return Object.assign(new Session(), {
    id: String(row.id),
    subscriberId: String(row.subscriberId ?? row.subscriber_id),
    startedAt: (row.startedAt ?? row.started_at) as Date,
    endedAt: ((row.endedAt ?? row.ended_at) as Date | null) ?? null,
    ipAddress: String(row.ipAddress ?? row.ip_address),
  });
}
