import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import type { AccountStatus } from './account-status';
import type { SubscriberFacts, VerificationFact } from './decisions';
import type { OwnedTable } from './mutation-guards';

/** What the mutation guard needs of a locked account; the subscriber module's row has it. */
export interface LockedAccount {
  id: string;
  status: AccountStatus;
}

/**
 * The facts the access rules decide on, and who reads them. The rules stay pure decisions
 * over facts; the SQL that gathers them lives with the module that owns each table
 * (identity and disclosure loaders, the subscriber module's look-ups and account lock),
 * which src/modules/index.ts hands in here once, when the schema's modules are loaded.
 * So access never imports a module (the layer order of CONTRIBUTING.md).
 */
export interface AccessFactSources {
  /**
   * A subscriber's identity verifications still valid now and ACTIVE disclosure exceptions
   * not yet expired (the billing gate's facts), per request, from the primary.
   */
  gateFacts(ctx: AppContext, subscriberId: string): Promise<SubscriberFacts>;
  /** The caller's verifications of a subscriber valid now, read in the change's transaction. */
  changeVerifications(
    manager: EntityManager,
    subscriberId: string,
    grantedTo: string,
    now: Date,
  ): Promise<VerificationFact[]>;
  /** Whether a subscriber with this id exists (a CUSTOMER token's subject). */
  subscriberExists(ctx: AppContext, subscriberId: string): Promise<boolean>;
  /** Locks a subscriber row for the rest of the transaction; null when there is none. */
  lockAccount(manager: EntityManager, subscriberId: string): Promise<LockedAccount | null>;
  /** The subscriber an owned row (ticket, exception, hold) belongs to; null when there is none. */
  rowOwner(manager: EntityManager, table: OwnedTable, rowId: string): Promise<string | null>;
}

let provided: AccessFactSources | null = null;

export function provideFactSources(sources: AccessFactSources): void {
  provided = sources;
}

export function factSources(): AccessFactSources {
  // Fail closed: a rule that cannot read its facts refuses rather than guessing.
  if (!provided) throw new Error('Access fact sources missing: load src/modules before serving requests');
  return provided;
}
