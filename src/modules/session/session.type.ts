import { Field, ID, ObjectType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { connectionTypes } from '../../paging/connection';
import type { SessionEntity } from './session.entity';

@ObjectType({ simpleResolvers: true })
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

export function toSession(row: SessionEntity): Session {
  return Object.assign(new Session(), {
    id: String(row.id),
    subscriberId: String(row.subscriberId),
    startedAt: row.startedAt,
    endedAt: row.endedAt ?? null,
    ipAddress: String(row.ipAddress),
  });
}
