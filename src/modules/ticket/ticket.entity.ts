import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';
import { Role } from '../../auth/roles';

export enum TicketStatus {
  OPEN = 'OPEN',
  PENDING = 'PENDING',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

export enum TicketChannel {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  CHAT = 'CHAT',
  WEB = 'WEB',
}

/** A support ticket (SUPPORT). The subject is removed by the purge. */
@Index('idx_tickets_subscriber_status', ['subscriberId', 'status', 'id'])
@Index('idx_tickets_subscriber', ['subscriberId', 'id'])
@Index('idx_tickets_status', ['status', 'id'])
@Index('idx_tickets_status_subscriber', ['status', 'subscriberId'])
@Entity({ name: 'support_tickets' })
export class SupportTicketEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_tickets_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  subject: string | null;

  @Column({ type: 'enum', enum: TicketStatus, default: TicketStatus.OPEN })
  status: TicketStatus;

  @Column({ name: 'opened_by', type: 'varchar', length: 64 })
  openedBy: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** A ticket as the lists read it: every column the API serves (not who opened it). */
export type SupportTicketRow = Omit<SupportTicketEntity, 'openedBy'>;

/** One message of a ticket. The body is removed by the purge. */
@Index('idx_ticket_messages_ticket', ['ticketId', 'id'])
@Entity({ name: 'ticket_messages' })
export class TicketMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SupportTicketEntity, {
    name: 'fk_ticket_messages_ticket',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true })
  ticketId: string;

  @Column({ name: 'author_id', type: 'varchar', length: 64 })
  authorId: string;

  @Column({ name: 'author_role', type: 'enum', enum: Role })
  authorRole: Role;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'enum', enum: TicketChannel })
  channel: TicketChannel;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A message just written, with the subscriber its ticket belongs to (its owner for the access rules). */
export interface PostedMessage {
  message: TicketMessageEntity;
  subscriberId: string;
}
