import { readFileSync } from 'node:fs';
import { Role } from '../../src/auth/roles';
import { BILLING_ACTOR } from './http-database';

/** The queries `bench:http` loads the server with, each with the tokens it rotates through. */
export interface BenchQuery {
  name: string;
  /** The JSON request body. */
  body: string;
  tokens: string[];
  /** Answers with errors by design (a page the actor may not read). */
  expectDenied?: boolean;
}

/** The admin dashboard's list (the body `vs-postgraphile.sh` sends as well). */
export const DASHBOARD_BODY = readFileSync(`${__dirname}/dashboard-query.json`, 'utf8');

export const ME_QUERY =
  '{ me { id name email sessions(first: 10) { edges { node { startedAt endedAt ipAddress } } } supportTickets(first: 10) { edges { node { id subject status createdAt } } } } }';

/** 50 subscribers with their billing profile and payments: every BILLING read is logged. */
export const BILLING_PAGE_QUERY =
  '{ subscribers(first: 50) { edges { node { id billing { cardLast4 cardExpiry } payments(first: 5) { edges { node { amountCents paidAt } } } } } } }';

export const REPORT_QUERY =
  '{ report { sessionsByDay(from: "2025-11-01T00:00:00Z", to: "2026-11-01T00:00:00Z") { key value } subscribersByStatus { key value } } }';

const body = (query: string) => JSON.stringify({ query });

export async function benchQueries(
  sign: (role: Role, sub: string) => Promise<string>,
  customerIds: string[],
): Promise<BenchQuery[]> {
  return [
    { name: 'dashboard', body: DASHBOARD_BODY, tokens: [await sign(Role.ADMIN, 'bench-admin')] },
    {
      name: 'me',
      body: body(ME_QUERY),
      tokens: await Promise.all(customerIds.map((id) => sign(Role.CUSTOMER, id))),
    },
    {
      name: 'billing-audited',
      body: body(BILLING_PAGE_QUERY),
      tokens: [await sign(Role.BILLING, BILLING_ACTOR)],
    },
    {
      // The same page for a billing actor without verifications: denied, nothing logged.
      name: 'billing-denied',
      body: body(BILLING_PAGE_QUERY),
      tokens: [await sign(Role.BILLING, 'bench-billing-unverified')],
      expectDenied: true,
    },
    { name: 'report', body: body(REPORT_QUERY), tokens: [await sign(Role.REPORTING, 'bench-reporting')] },
  ];
}
