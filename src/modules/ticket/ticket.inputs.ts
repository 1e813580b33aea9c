import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import { id, text } from '../../common/validation';
import { TicketChannel } from './ticket.entity';

@InputType()
export class OpenTicketInput {
  @Field(() => ID, { nullable: true, description: 'Required for staff; a customer opens tickets for itself' })
  subscriberId?: string | null;

  @Field()
  subject: string;

  @Field()
  body: string;

  @Field(() => TicketChannel)
  channel: TicketChannel;
}

export const MAX_MESSAGE_LENGTH = 20_000;

export const openTicketSchema = z.object({
  subscriberId: id.nullish(),
  subject: text(200),
  body: text(MAX_MESSAGE_LENGTH),
  channel: z.enum(TicketChannel),
});

export const messageSchema = z.object({
  ticketId: id,
  body: text(MAX_MESSAGE_LENGTH),
  channel: z.enum(TicketChannel),
});
