import { isIP } from 'node:net';
import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import { dateTime, id } from '../../common/validation';

@InputType()
export class SessionInput {
  @Field(() => ID)
  subscriberId: string;

  @Field()
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  endedAt?: Date | null;

  @Field({ description: 'IPv4 or IPv6' })
  ipAddress: string;
}

export const sessionSchema = z
  .object({
    subscriberId: id,
    startedAt: dateTime,
    endedAt: dateTime.nullish().transform((v) => v ?? null),
    ipAddress: z
      .string()
      .trim()
      .refine((v) => isIP(v) !== 0, 'must be an IPv4 or IPv6 address'),
  })
  .refine((v) => v.endedAt === null || v.endedAt.getTime() >= v.startedAt.getTime(), {
    path: ['endedAt'],
    message: 'must not be before startedAt',
  });
