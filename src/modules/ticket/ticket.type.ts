import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { Category, DataCategory } from '../../access/categories';
import { connectionTypes } from '../../paging/connection';
import { SupportTicketRow, TicketChannel, TicketMessageEntity, TicketStatus } from './ticket.entity';

registerEnumType(TicketStatus, { name: 'TicketStatus' });
registerEnumType(TicketChannel, { name: 'TicketChannel' });

/** What an erased text reads as after the retention purge (the contract keeps it non-null). */
export const ERASED_TEXT = '';

@ObjectType({ simpleResolvers: true })
@Category(DataCategory.SUPPORT)
export class TicketMessage {
  @Field(() => ID)
  @Category(DataCategory.SUPPORT)
  id: string;

  subscriberId: string;

  @Field(() => Role)
  @Category(DataCategory.SUPPORT)
  authorRole: Role;

  @Field()
  @Category(DataCategory.SUPPORT)
  body: string;

  @Field(() => TicketChannel)
  @Category(DataCategory.SUPPORT)
  channel: TicketChannel;

  @Field()
  @Category(DataCategory.SUPPORT)
  createdAt: Date;
}

/** A support ticket; `subscriber` and `messages` are resolved by TicketResolver. */
@ObjectType({ simpleResolvers: true })
@Category(DataCategory.SUPPORT)
export class SupportTicket {
  @Field(() => ID)
  @Category(DataCategory.SUPPORT)
  id: string;

  subscriberId: string;

  @Field()
  @Category(DataCategory.SUPPORT)
  subject: string;

  @Field(() => TicketStatus)
  @Category(DataCategory.SUPPORT)
  status: TicketStatus;

  @Field()
  @Category(DataCategory.SUPPORT)
  createdAt: Date;

  @Field()
  @Category(DataCategory.SUPPORT)
  updatedAt: Date;
}

const types = connectionTypes(SupportTicket, 'SupportTicket');
export const SupportTicketEdge = types.Edge;
export const SupportTicketConnection = types.Connection;
export type SupportTicketConnection = InstanceType<typeof SupportTicketConnection>;

export function toTicket(row: SupportTicketRow): SupportTicket {
  return Object.assign(new SupportTicket(), {
    id: String(row.id),
    subscriberId: String(row.subscriberId),
    subject: row.subject ?? ERASED_TEXT,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

export function toTicketMessage(entity: TicketMessageEntity, subscriberId: string): TicketMessage {
  return Object.assign(new TicketMessage(), {
    id: String(entity.id),
    subscriberId,
    authorRole: entity.authorRole,
    body: entity.body ?? ERASED_TEXT,
    channel: entity.channel,
    createdAt: entity.createdAt,
  });
}
