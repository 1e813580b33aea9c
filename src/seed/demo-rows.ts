import { DAY_MS, addMonthsUtc } from '../common/clock';
import { luhnCheckDigit } from '../modules/subscriber/account-number';
import { SeededRandom } from './random';
import { DemoPerson, PRIVACY_COLUMNS, Row } from './demo-privacy-rows';

export type { Row };
import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  IPV4_PREFIXES,
  IPV6_PREFIX,
  MESSAGE_BODIES,
  PLACES,
  PRODUCTS,
  STREETS,
  TICKET_SUBJECTS,
} from './demo-data';
import { ADDRESS_COLUMN_NAMES } from '../modules/subscriber/postal-address.entity';

/** The shape of the demo history: averages per subscriber and the time it spans. */
export interface DemoShape {
  sessionsPerSubscriber: number;
  ticketsPerSubscriber: number;
  inquiriesPerSubscriber: number;
  /** The end of the seeded history; sign-ups spread over the two years before it. */
  now: Date;
  retentionMonths: number;
}

/** Every row of one subscriber's history, in the column order of SEED_COLUMNS. */
export interface SubscriberHistory {
  /** What the privacy rows (demo-privacy-rows.ts) are derived from. */
  person: DemoPerson;
  subscriber: Row;
  sessions: Row[];
  payments: Row[];
  tickets: Row[];
  messages: Row[];
  inquiries: Row[];
}

export const SEED_COLUMNS = {
  subscribers: [
    'id',
    'account_number',
    'status',
    'name',
    'email',
    'phone',
    ...ADDRESS_COLUMN_NAMES,
    'created_at',
    'cancelled_at',
    'purged_at',
  ],
  sessions: ['subscriber_id', 'started_at', 'ended_at', 'ip_address'],
  payments: [
    'subscriber_id',
    'amount_cents',
    'currency',
    'status',
    'paid_at',
    'card_last4',
    'invoice_number',
    'created_at',
  ],
  support_tickets: ['id', 'subscriber_id', 'subject', 'status', 'opened_by', 'created_at', 'updated_at'],
  ticket_messages: ['ticket_id', 'author_id', 'author_role', 'body', 'channel', 'created_at'],
  product_inquiries: ['subscriber_id', 'product', 'message', 'created_at'],
  ...PRIVACY_COLUMNS,
} as const;

export type SeedTable = keyof typeof SEED_COLUMNS;

const HISTORY_DAYS = 730;
const MONTHLY_PRICES_CENTS = [2999, 4999, 7999] as const;
const CHANNELS = ['EMAIL', 'PHONE', 'CHAT', 'WEB'] as const;

/** A deterministic, unique account number per id (7919 is prime to 9e8: a bijection). */
export function demoAccountNumber(id: number): string {
  const body = String(100_000_000 + ((id * 7919) % 900_000_000));
  return `KM${body}${luhnCheckDigit(body)}`;
}

function postalCode(random: SeededRandom, pattern: string): string {
  return pattern.replace(/[#A]/g, (c) =>
    c === '#' ? String(random.int(0, 9)) : 'ABCEGHJK'[random.int(0, 7)],
  );
}

/** The network a purged session keeps: /24 for IPv4, /48 for IPv6. */
function networkOf(ip: string): string {
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}::/48`;
  return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
}

function randomIp(random: SeededRandom): string {
  if (random.chance(0.1)) {
    return `${IPV6_PREFIX}${random.int(0, 0xffff).toString(16)}:${random.int(1, 0xffff).toString(16)}::${random.int(1, 0xfff).toString(16)}`;
  }
  return `${random.pick(IPV4_PREFIXES)}.${random.int(1, 254)}`;
}

/** An average `mean` per subscriber, spread between none and twice the mean. */
function countAround(random: SeededRandom, mean: number): number {
  return mean <= 0 ? 0 : random.int(0, 2 * mean);
}

/** One subscriber and its whole history, from `random` alone (same seed, same rows). */
export function demoSubscriber(
  random: SeededRandom,
  id: number,
  firstTicketId: number,
  shape: DemoShape,
): SubscriberHistory {
  const now = shape.now.getTime();
  const createdAt = random.between(now - HISTORY_DAYS * DAY_MS, now - DAY_MS);
  let status = 'ACTIVE';
  let cancelledAt: number | null = null;
  let purgedAt: number | null = null;
  if (random.chance(0.3) && now - createdAt > 30 * DAY_MS) {
    cancelledAt = random.between(createdAt + 30 * DAY_MS, now);
    status = 'CANCELLED';
    const purgeDue = addMonthsUtc(new Date(cancelledAt), shape.retentionMonths).getTime();
    if (purgeDue < now && random.chance(0.85)) {
      status = 'PURGED';
      purgedAt = Math.min(now, purgeDue + random.int(0, 3) * DAY_MS);
    }
  }
  const purged = status === 'PURGED';
  const end = cancelledAt ?? now;
  const given = random.pick(GIVEN_NAMES);
  const family = random.pick(FAMILY_NAMES);
  const place = random.pick(PLACES);
  const contact = purged
    ? [null, null, null, null, null, null, null, null, null]
    : [
        `${given} ${family}`,
        `${given}.${family}.${id}@example.com`.toLowerCase(),
        `+14155550${String(random.int(100, 199))}`,
        `${random.int(1, 240)} ${random.pick(STREETS)}`,
        random.chance(0.2) ? `Apt ${random.int(1, 40)}` : null,
        place.city,
        place.region,
        postalCode(random, place.postal),
        place.country,
      ];
  const subscriber: Row = [
    id,
    demoAccountNumber(id),
    status,
    ...contact,
    new Date(createdAt),
    cancelledAt === null ? null : new Date(cancelledAt),
    purgedAt === null ? null : new Date(purgedAt),
  ];

  const homeIp = randomIp(random);
  const sessions: Row[] = [];
  for (let i = countAround(random, shape.sessionsPerSubscriber); i > 0; i--) {
    const started = random.between(createdAt, end);
    const ip = random.chance(0.8) ? homeIp : randomIp(random);
    sessions.push([
      id,
      new Date(started),
      new Date(Math.min(end, started + random.int(5, 480) * 60_000)),
      purged ? networkOf(ip) : ip,
    ]);
  }

  const payments: Row[] = [];
  const price = random.pick(MONTHLY_PRICES_CENTS);
  for (
    let month = 0, at = createdAt;
    at < end;
    month++, at = addMonthsUtc(new Date(createdAt), month).getTime()
  ) {
    const roll = random.next();
    const paymentStatus = roll < 0.92 ? 'SUCCEEDED' : roll < 0.97 ? 'FAILED' : 'REFUNDED';
    payments.push([
      id,
      price,
      'USD',
      paymentStatus,
      new Date(at),
      purged ? null : String(random.int(0, 9999)).padStart(4, '0'),
      purged ? null : `INV-${id}-${month + 1}`,
      new Date(at),
    ]);
  }

  const tickets: Row[] = [];
  const messages: Row[] = [];
  const ticketCount = countAround(random, shape.ticketsPerSubscriber);
  for (let i = 0; i < ticketCount; i++) {
    const ticketId = firstTicketId + i;
    const opened = random.between(createdAt, end);
    const recent = now - opened < 14 * DAY_MS;
    const ticketStatus = recent
      ? random.pick(['OPEN', 'PENDING', 'RESOLVED'] as const)
      : random.chance(0.8)
        ? 'CLOSED'
        : 'RESOLVED';
    const byCustomer = random.chance(0.7);
    const agent = `agent-${random.int(1, 25)}`;
    let at = opened;
    const messageCount = random.int(1, 3);
    for (let m = 0; m < messageCount; m++) {
      const fromCustomer = m % 2 === (byCustomer ? 0 : 1);
      messages.push([
        ticketId,
        fromCustomer ? String(id) : agent,
        fromCustomer ? 'CUSTOMER' : 'SUPPORT',
        purged ? null : random.pick(MESSAGE_BODIES),
        random.pick(CHANNELS),
        new Date(at),
      ]);
      at += random.int(10, 2880) * 60_000;
    }
    tickets.push([
      ticketId,
      id,
      purged ? null : random.pick(TICKET_SUBJECTS),
      ticketStatus,
      byCustomer ? String(id) : agent,
      new Date(opened),
      new Date(Math.min(now, at)),
    ]);
  }

  const inquiries: Row[] = [];
  for (let i = countAround(random, shape.inquiriesPerSubscriber); i > 0; i--) {
    const product = random.pick(PRODUCTS);
    inquiries.push([
      id,
      product,
      purged ? null : `Is ${product} available at my address?`,
      new Date(random.between(createdAt, end)),
    ]);
  }

  const person: DemoPerson = {
    id,
    status: status as DemoPerson['status'],
    given,
    family,
    email: contact[1] as string | null,
    address: purged
      ? null
      : ([contact[3], contact[4], contact[5], contact[6], contact[7], contact[8]] as (string | null)[]),
    createdAt,
    cancelledAt,
  };
  return { person, subscriber, sessions, payments, tickets, messages, inquiries };
}
