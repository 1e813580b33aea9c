import type { DataSource, EntityManager } from 'typeorm';
import { clock, DAY_MS, addMonthsUtc } from '../../common/clock';
import { config } from '../../config';
import { DataCategory } from '../../access/categories';
import { AccessBasis } from '../../access/basis';
import { Actor, appendAccessLog } from '../../access-log/access-log.service';
import { HoldReason } from './retention-hold.entity';
import { retentionHasEnded } from '../subscriber/retention-period';
import {
  eraseAccount,
  ERASURE_KEEPING_CONTACT_AND_BILLING,
  ErasureStep,
  FULL_ERASURE,
  RETAINED_ERASURE,
  StepHook,
} from './erasure';

/**
 * The retention purge (docs/design.md section 4), shared by `runRetentionPurge` and
 * `npm run retention:purge`. Candidates are read in id-ordered batches; each account is
 * then handled in its own transaction under its row lock (SELECT ... FOR UPDATE) and
 * re-checked there, so two purges running at once never process an account twice and a
 * crash leaves every account either untouched or fully purged.
 */
export interface PurgeOptions {
  dryRun: boolean;
  actor: Actor;
  requestId: string;
  batchSize?: number;
  onProgress?: (event: PurgeEvent) => void;
}

export type PurgeEvent =
  | { kind: 'purged' | 'wouldPurge' | 'skippedOnHold'; subscriberId: string }
  | { kind: 'failed'; subscriberId: string; error: string };

export interface PurgeOutcome {
  dryRun: boolean;
  purged: string[];
  skippedOnHold: string[];
  failed: string[];
}

/** Test seam: runs before every erasure step, so a test can fail an account half-way. */
export const purgeHooks: { beforeStep?: StepHook } = {};

type Verdict = 'purge' | 'purgeKeepingContactAndBilling' | 'skippedOnHold';

function verdictFor(activeReasons: HoldReason[]): Verdict {
  if (activeReasons.includes(HoldReason.LEGAL_OBLIGATION)) return 'skippedOnHold';
  if (activeReasons.includes(HoldReason.ACCOUNTING_IRREGULARITY)) return 'purgeKeepingContactAndBilling';
  return 'purge';
}

async function activeHoldReasons(manager: EntityManager, subscriberId: string): Promise<HoldReason[]> {
  const rows: { reason: HoldReason }[] = await manager.query(
    'SELECT reason FROM retention_holds WHERE subscriber_id = ? AND released_at IS NULL',
    [subscriberId],
  );
  return rows.map((row) => row.reason);
}

/** A failure is reported by its kind only: driver messages can quote the values involved. */
function describeFailure(error: unknown): string {
  const err = error as { code?: string; name?: string };
  return err.code ?? err.name ?? 'Error';
}

export class RetentionPurge {
  private readonly batchSize: number;

  constructor(
    private readonly db: DataSource,
    private readonly options: PurgeOptions,
  ) {
    this.batchSize = options.batchSize ?? 200;
  }

  async run(): Promise<PurgeOutcome> {
    const outcome: PurgeOutcome = { dryRun: this.options.dryRun, purged: [], skippedOnHold: [], failed: [] };
    const now = clock.now();
    // A little past the cut-off, so month-end clamping never hides a due account; the exact
    // check runs per account.
    const cutoff = new Date(addMonthsUtc(now, -config().RETENTION_MONTHS).getTime() + 3 * DAY_MS);
    await this.eachCandidate(
      `SELECT id FROM subscribers WHERE status = 'CANCELLED' AND cancelled_at <= ? AND id > ? ORDER BY id LIMIT ?`,
      [cutoff],
      (id) => this.handleDue(id, now, outcome),
    );
    await this.eachCandidate(
      `SELECT id FROM subscribers WHERE status = 'RETAINED' AND id > ? ORDER BY id LIMIT ?`,
      [],
      (id) => this.handleRetained(id, outcome),
    );
    return outcome;
  }

  private async eachCandidate(sql: string, params: unknown[], handle: (id: string) => Promise<void>) {
    let afterId = '0';
    for (;;) {
      const rows: { id: string }[] = await this.db.query(sql, [...params, afterId, this.batchSize]);
      for (const row of rows) await handle(String(row.id));
      if (rows.length < this.batchSize) return;
      afterId = String(rows[rows.length - 1].id);
    }
  }

  private report(event: PurgeEvent, list: string[]) {
    list.push(event.subscriberId);
    this.options.onProgress?.(event);
  }

  /** A CANCELLED account whose retention period may have ended. */
  private async handleDue(id: string, now: Date, outcome: PurgeOutcome): Promise<void> {
    try {
      const verdict = await this.db.transaction('READ COMMITTED', async (manager) => {
        const [row] = await manager.query(
          'SELECT status, cancelled_at FROM subscribers WHERE id = ? FOR UPDATE',
          [id],
        );
        // Re-checked under the lock: another purge, a reactivation or a hold may have come first.
        if (!row || row.status !== 'CANCELLED' || !retentionHasEnded(row.cancelled_at, now)) return null;
        const verdict = verdictFor(await activeHoldReasons(manager, id));
        if (verdict === 'skippedOnHold' || this.options.dryRun) return verdict;
        const keep = verdict === 'purgeKeepingContactAndBilling';
        await this.erase(manager, id, keep ? ERASURE_KEEPING_CONTACT_AND_BILLING : FULL_ERASURE, now);
        return verdict;
      });
      if (verdict === 'skippedOnHold')
        this.report({ kind: 'skippedOnHold', subscriberId: id }, outcome.skippedOnHold);
      else if (verdict) this.report({ kind: this.purgedKind(), subscriberId: id }, outcome.purged);
    } catch (error) {
      this.report({ kind: 'failed', subscriberId: id, error: describeFailure(error) }, outcome.failed);
    }
  }

  /** A RETAINED account (contact and billing kept): erase them once no hold remains. */
  private async handleRetained(id: string, outcome: PurgeOutcome): Promise<void> {
    try {
      const done = await this.db.transaction('READ COMMITTED', async (manager) => {
        const [row] = await manager.query('SELECT status FROM subscribers WHERE id = ? FOR UPDATE', [id]);
        if (!row || row.status !== 'RETAINED') return false;
        if ((await activeHoldReasons(manager, id)).length > 0) return false;
        if (this.options.dryRun) return true;
        await this.erase(manager, id, RETAINED_ERASURE, clock.now());
        return true;
      });
      if (done) this.report({ kind: this.purgedKind(), subscriberId: id }, outcome.purged);
    } catch (error) {
      this.report({ kind: 'failed', subscriberId: id, error: describeFailure(error) }, outcome.failed);
    }
  }

  private purgedKind(): 'purged' | 'wouldPurge' {
    return this.options.dryRun ? 'wouldPurge' : 'purged';
  }

  /** The erasure and its one access-log entry, in the account's transaction. */
  private async erase(manager: EntityManager, id: string, steps: ErasureStep[], now: Date): Promise<void> {
    const fields = await eraseAccount(manager, id, steps, now, purgeHooks.beforeStep);
    await appendAccessLog(manager, this.options.actor, this.options.requestId, [
      {
        subscriberId: id,
        category: DataCategory.COMPLIANCE,
        fields,
        basis: AccessBasis.ROLE,
        operation: 'retention.purge',
      },
    ]);
  }
}
