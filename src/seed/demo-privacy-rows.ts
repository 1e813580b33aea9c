import { createHash } from 'node:crypto';
import { DAY_MS } from '../common/clock';
import { cardBrand } from '../modules/billing/card';
import { CardKey, encryptCardNumber } from '../modules/billing/card-crypto';
import { SeededRandom } from './random';
import {
  DOCUMENT_TYPES,
  DOMAIN_SUFFIXES,
  STAFF,
  SURVEY_ANSWERS,
  SURVEYS,
  TEST_CARD_NUMBERS,
} from './demo-data';
import { ADDRESS_COLUMN_NAMES } from '../modules/subscriber/postal-address.entity';

export type Row = unknown[];

/** What the privacy rows of one subscriber are derived from. */
export interface DemoPerson {
  id: number;
  status: 'ACTIVE' | 'CANCELLED' | 'PURGED';
  given: string;
  family: string;
  email: string | null;
  /** line1, line2, city, region, postal code, country; null when purged. */
  address: (string | null)[] | null;
  createdAt: number;
  cancelledAt: number | null;
}

export interface PrivacyRows {
  billing_profiles: Row[];
  identity_verifications: Row[];
  disclosure_exceptions: Row[];
  retention_holds: Row[];
  survey_responses: Row[];
  communication_preferences: Row[];
  domain_registrations: Row[];
}

export const PRIVACY_COLUMNS = {
  billing_profiles: [
    'subscriber_id',
    'card_brand',
    'card_last4',
    'card_expiry',
    'card_ciphertext',
    'card_key_id',
    ...ADDRESS_COLUMN_NAMES,
    'updated_at',
  ],
  identity_verifications: [
    'subscriber_id',
    'document_type',
    'document_hash',
    'verified_by',
    'granted_to',
    'verified_at',
    'valid_until',
  ],
  disclosure_exceptions: [
    'subscriber_id',
    'basis',
    'reference',
    'justification',
    'categories',
    'status',
    'requested_by',
    'approved_by',
    'reviewed_by',
    'reviewed_at',
    'decision_note',
    'ended_by',
    'ended_at',
    'valid_from',
    'valid_until',
    'created_at',
  ],
  retention_holds: [
    'subscriber_id',
    'reason',
    'note',
    'placed_by',
    'placed_at',
    'released_by',
    'released_at',
  ],
  survey_responses: ['subscriber_id', 'survey', 'score', 'answers', 'created_at'],
  communication_preferences: ['subscriber_id', 'marketing_mailings', 'updated_at'],
  domain_registrations: [
    'subscriber_id',
    'domain',
    'registrant_name',
    'registrant_organization',
    'registrant_email',
    'registered_at',
    'expires_at',
  ],
} as const;

const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * DAY_MS;

/**
 * The demo disclosure exceptions, one kind per status the API shows (an ACTIVE one past
 * its end reads as EXPIRED). Which subscribers get one is decided by `exceptionKind`.
 */
const EXCEPTION_KINDS = ['PENDING', 'ACTIVE', 'EXPIRED', 'REVOKED', 'REJECTED'] as const;

function billingProfile(random: SeededRandom, person: DemoPerson, now: number, cardKey: CardKey): Row | null {
  if (person.status === 'PURGED' || !person.address || random.chance(0.1)) return null;
  const card = random.pick(TEST_CARD_NUMBERS);
  const expiry = new Date(now + random.int(60, 1400) * DAY_MS);
  const mmYy = `${String(expiry.getUTCMonth() + 1).padStart(2, '0')}/${String(expiry.getUTCFullYear() % 100).padStart(2, '0')}`;
  const subscriberId = String(person.id);
  return [
    person.id,
    cardBrand(card),
    card.slice(-4),
    mmYy,
    encryptCardNumber(card, subscriberId, cardKey),
    cardKey.id,
    ...person.address,
    new Date(random.between(person.createdAt, person.cancelledAt ?? now)),
  ];
}

function verifications(random: SeededRandom, person: DemoPerson, now: number, ttlMinutes: number): Row[] {
  if (person.status === 'PURGED') return [];
  const rows: Row[] = [];
  for (let i = random.int(0, 2); i > 0; i--) {
    const verifiedAt = random.between(person.createdAt, person.cancelledAt ?? now);
    const staff = random.pick([...STAFF.SUPPORT, ...STAFF.BILLING]);
    // Staff unlock billing data for themselves, or for the customer app.
    const grantedTo = random.chance(0.7) ? staff : String(person.id);
    rows.push([
      person.id,
      random.pick(DOCUMENT_TYPES),
      createHash('sha256').update(`demo-document-${person.id}-${verifiedAt}`).digest('hex'),
      staff,
      grantedTo,
      new Date(verifiedAt),
      new Date(verifiedAt + ttlMinutes * 60_000),
    ]);
  }
  return rows;
}

const REFERENCES = {
  LEGAL_PROCESS: ['Court order', 'Order for billing and usage records for the period it names.'],
  PROTECT_RIGHTS: ['Fraud case', 'Chargebacks on several accounts point to the same stolen card.'],
  EMERGENCY: ['Incident', 'Emergency services report a person at risk at the service address.'],
} as const;

/** A disclosure exception as the service would have left it after the kind's history. */
function exception(random: SeededRandom, person: DemoPerson, now: number): Row | null {
  if (person.status === 'PURGED' || !random.chance(0.04)) return null;
  const kind = random.pick(EXCEPTION_KINDS);
  // Only four-eyes bases wait for approval or get rejected; EMERGENCY is active at once.
  const basis =
    kind === 'PENDING' || kind === 'REJECTED'
      ? random.pick(['LEGAL_PROCESS', 'PROTECT_RIGHTS'] as const)
      : random.pick(['LEGAL_PROCESS', 'PROTECT_RIGHTS', 'EMERGENCY'] as const);
  const [requester, approver] = random.chance(0.5) ? STAFF.COMPLIANCE : [...STAFF.COMPLIANCE].reverse();
  const [label, justification] = REFERENCES[basis];
  const reference = `${label} ${random.int(2024, 2026)}-${random.int(10000, 99999)}`;
  const open = kind === 'PENDING' || kind === 'ACTIVE';
  const created = open ? now - random.int(1, 48) * HOUR_MS : now - random.int(10, 200) * DAY_MS;
  const decided = created + random.int(1, 12) * HOUR_MS;
  const longest = (basis === 'EMERGENCY' ? 3 : 90) * DAY_MS;
  const validUntil =
    kind === 'EXPIRED'
      ? created + Math.min(longest, 3 * DAY_MS)
      : created + random.int(1, longest / DAY_MS) * DAY_MS;
  const emergency = basis === 'EMERGENCY';
  const activated = kind !== 'PENDING' && kind !== 'REJECTED';
  // EMERGENCY: the approver's review comes after the fact (except for a fresh one).
  const reviewed = emergency && kind !== 'ACTIVE';
  const at = (ms: number | null) => (ms === null ? null : new Date(ms));
  return [
    person.id,
    basis,
    reference,
    justification,
    basis === 'PROTECT_RIGHTS' ? 'BILLING' : 'BILLING,USAGE',
    kind === 'EXPIRED' ? 'ACTIVE' : kind,
    requester,
    activated && (!emergency || reviewed) ? approver : null,
    reviewed ? approver : null,
    at(reviewed ? decided : null),
    kind === 'REJECTED' ? 'The reference does not name this subscriber.' : null,
    kind === 'REJECTED' ? approver : kind === 'REVOKED' ? requester : null,
    at(kind === 'REJECTED' ? decided : kind === 'REVOKED' ? decided + DAY_MS : null),
    at(activated ? (emergency ? created : decided) : null),
    new Date(validUntil),
    new Date(created),
  ];
}

function hold(random: SeededRandom, person: DemoPerson, now: number): Row | null {
  if (person.status !== 'CANCELLED' || !random.chance(0.15)) return null;
  const legal = random.chance(0.6);
  const placedAt = random.between(person.cancelledAt!, now);
  const released = random.chance(0.25);
  return [
    person.id,
    legal ? 'LEGAL_OBLIGATION' : 'ACCOUNTING_IRREGULARITY',
    legal ? 'Tax audit of the billing years in question' : 'Disputed refunds under review by accounting',
    random.pick(STAFF.COMPLIANCE),
    new Date(placedAt),
    released ? random.pick(STAFF.COMPLIANCE) : null,
    released ? new Date(random.between(placedAt, now)) : null,
  ];
}

function surveys(random: SeededRandom, person: DemoPerson, now: number): Row[] {
  const rows: Row[] = [];
  for (let i = random.chance(0.4) ? random.int(1, 2) : 0; i > 0; i--) {
    const purged = person.status === 'PURGED';
    rows.push([
      person.id,
      random.pick(SURVEYS),
      purged ? null : random.int(0, 10),
      purged ? null : random.pick(SURVEY_ANSWERS),
      new Date(random.between(person.createdAt, person.cancelledAt ?? now)),
    ]);
  }
  return rows;
}

function preferences(random: SeededRandom, person: DemoPerson, now: number): Row | null {
  // No row means the default (mailings on); a third chose at sign-up or later.
  if (!random.chance(0.35)) return null;
  return [
    person.id,
    random.chance(0.5) ? 1 : 0,
    new Date(random.between(person.createdAt, person.cancelledAt ?? now)),
  ];
}

function domains(random: SeededRandom, person: DemoPerson, now: number): Row[] {
  if (!random.chance(0.12)) return [];
  const purged = person.status === 'PURGED';
  const registeredAt = random.between(person.createdAt, person.cancelledAt ?? now);
  const label = `${person.given}-${person.family}-${person.id}`.toLowerCase();
  return [
    [
      person.id,
      `${label}.${random.pick(DOMAIN_SUFFIXES)}`,
      purged ? null : `${person.given} ${person.family}`,
      purged || random.chance(0.8) ? null : `${person.family} Consulting`,
      purged ? null : person.email,
      new Date(registeredAt),
      new Date(registeredAt + random.int(1, 3) * YEAR_MS),
    ],
  ];
}

/** The privacy-related rows of one subscriber, from its own random stream. */
export function demoPrivacyRows(
  random: SeededRandom,
  person: DemoPerson,
  now: number,
  cardKey: CardKey,
  verificationTtlMinutes: number,
): PrivacyRows {
  const one = (row: Row | null) => (row ? [row] : []);
  return {
    billing_profiles: one(billingProfile(random, person, now, cardKey)),
    identity_verifications: verifications(random, person, now, verificationTtlMinutes),
    disclosure_exceptions: one(exception(random, person, now)),
    retention_holds: one(hold(random, person, now)),
    survey_responses: surveys(random, person, now),
    communication_preferences: one(preferences(random, person, now)),
    domain_registrations: domains(random, person, now),
  };
}
