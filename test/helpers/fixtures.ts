import type { DataSource } from 'typeorm';
import { SubscriberEntity } from '../../src/modules/subscriber/subscriber.entity';
import { AccountStatus } from '../../src/access/account-status';
import { SessionEntity } from '../../src/modules/session/session.entity';
import { PaymentEntity, PaymentStatus } from '../../src/modules/billing/payment.entity';
import {
  SupportTicketEntity,
  TicketChannel,
  TicketMessageEntity,
  TicketStatus,
} from '../../src/modules/ticket/ticket.entity';
import { Role } from '../../src/auth/roles';
import { newAccountNumber } from '../../src/modules/subscriber/account-number';

let counter = 0;

/** Inserts a subscriber directly (fixtures bypass the API to set up state quickly). */
export async function insertSubscriber(
  db: DataSource,
  overrides: Partial<SubscriberEntity> = {},
): Promise<SubscriberEntity> {
  counter += 1;
  const repo = db.getRepository(SubscriberEntity);
  return repo.save(
    repo.create({
      accountNumber: newAccountNumber(),
      status: AccountStatus.ACTIVE,
      name: `Test Person ${counter}`,
      email: `person${counter}.${Date.now()}@example.test`,
      phone: '+14155550100',
      address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
      createdAt: new Date(),
      ...overrides,
    }),
  );
}

export async function insertHistory(
  db: DataSource,
  subscriberId: string,
  counts: { sessions?: number; payments?: number; tickets?: number } = {},
): Promise<void> {
  const base = Date.UTC(2026, 0, 1);
  const sessions = Array.from({ length: counts.sessions ?? 0 }, (_, i) => ({
    subscriberId,
    startedAt: new Date(base + i * 3_600_000),
    endedAt: new Date(base + i * 3_600_000 + 1_800_000),
    ipAddress: `198.51.100.${(i % 250) + 1}`,
  }));
  if (sessions.length) await db.getRepository(SessionEntity).insert(sessions);
  const payments = Array.from({ length: counts.payments ?? 0 }, (_, i) => ({
    subscriberId,
    amountCents: 1999 + i,
    currency: 'USD',
    status: PaymentStatus.SUCCEEDED,
    paidAt: new Date(base + i * 86_400_000),
    cardLast4: '4242',
    invoiceNumber: null,
    createdAt: new Date(),
  }));
  if (payments.length) await db.getRepository(PaymentEntity).insert(payments);
  for (let i = 0; i < (counts.tickets ?? 0); i++) {
    const ticket = await db.getRepository(SupportTicketEntity).save({
      subscriberId,
      subject: `Ticket ${i}`,
      status: TicketStatus.OPEN,
      openedBy: subscriberId,
      createdAt: new Date(base + i * 1000),
      updatedAt: new Date(base + i * 1000),
    });
    await db.getRepository(TicketMessageEntity).insert({
      ticketId: ticket.id,
      authorId: subscriberId,
      authorRole: Role.CUSTOMER,
      body: `Message of ticket ${i}`,
      channel: TicketChannel.WEB,
      createdAt: new Date(base + i * 1000),
    });
  }
}
