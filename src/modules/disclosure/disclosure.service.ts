import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { id as idSchema, parseInput } from '../../common/validation';
import { inTransaction } from '../../context/transaction';
import { AccessBasis } from '../../access/basis';
import { DataCategory } from '../../access/categories';
import {
  assertValidity,
  decideApproval,
  decideRejection,
  decideRevocation,
  DisclosureStatus,
  initialStatus,
} from '../../access/disclosure';
import { DisclosureExceptionEntity } from './disclosure.entity';
import { DisclosureExceptionInput } from './disclosure.inputs';
import { disclosureExceptionSchema, exceptionFilterSchema, rejectionNoteSchema } from './disclosure.inputs';

type Change = (row: DisclosureExceptionEntity, actorId: string, now: Date) => void;

/** Disclosure exceptions: requests and decisions, each logged in its own transaction. */
export class DisclosureService {
  constructor(private readonly ctx: AppContext) {}

  async request(input: DisclosureExceptionInput): Promise<DisclosureExceptionEntity> {
    const identity = this.ctx.identity!;
    const values = parseInput(disclosureExceptionSchema, input);
    const now = clock.now();
    assertValidity(values.basis, values.validUntil, now);
    const status = initialStatus(values.basis);
    return inTransaction(this.ctx, async (manager) => {
      const row = await manager.getRepository(DisclosureExceptionEntity).save(
        manager.create(DisclosureExceptionEntity, {
          subscriberId: values.subscriberId,
          basis: values.basis,
          reference: values.reference,
          justification: values.justification,
          categories: values.categories,
          status,
          requestedBy: identity.actorId,
          validFrom: status === DisclosureStatus.ACTIVE ? now : null,
          validUntil: values.validUntil,
          createdAt: now,
        }),
      );
      this.log(row, 'requestDisclosureException');
      return row;
    });
  }

  approve(id: string): Promise<DisclosureExceptionEntity> {
    return this.decide(id, 'approveDisclosureException', (row, actorId, now) => {
      const outcome = decideApproval(actorId, row, now);
      if (outcome === 'ACTIVATE') {
        Object.assign(row, { status: DisclosureStatus.ACTIVE, approvedBy: actorId, validFrom: now });
      } else {
        // EMERGENCY review: recorded, the exception stays ACTIVE.
        Object.assign(row, { approvedBy: actorId, reviewedBy: actorId, reviewedAt: now });
      }
    });
  }

  reject(id: string, note: string): Promise<DisclosureExceptionEntity> {
    const decisionNote = parseInput(rejectionNoteSchema, note, 'note');
    return this.decide(id, 'rejectDisclosureException', (row, actorId, now) => {
      decideRejection(actorId, row, now);
      const wasActive = row.status === DisclosureStatus.ACTIVE;
      Object.assign(row, { status: DisclosureStatus.REJECTED, decisionNote, endedBy: actorId, endedAt: now });
      if (wasActive) Object.assign(row, { reviewedBy: actorId, reviewedAt: now });
    });
  }

  revoke(id: string): Promise<DisclosureExceptionEntity> {
    return this.decide(id, 'revokeDisclosureException', (row, actorId, now) => {
      decideRevocation(row, now);
      Object.assign(row, { status: DisclosureStatus.REVOKED, endedBy: actorId, endedAt: now });
    });
  }

  /**
   * `disclosureExceptions(subscriberId, status)`: newest first; EXPIRED computed in SQL from
   * valid_until at `now`, the instant the caller judges the rows' statuses at.
   */
  async list(
    now: Date,
    subscriberId?: string | null,
    status?: DisclosureStatus | null,
  ): Promise<DisclosureExceptionEntity[]> {
    const filter = parseInput(exceptionFilterSchema, { subscriberId, status }, '');
    const query = this.ctx.db.getRepository(DisclosureExceptionEntity).createQueryBuilder('e');
    if (filter.subscriberId)
      query.andWhere('e.subscriber_id = :subscriberId', { subscriberId: filter.subscriberId });
    if (filter.status === DisclosureStatus.EXPIRED) {
      query.andWhere(`e.status IN ('PENDING','ACTIVE') AND e.valid_until <= :now`, { now });
    } else if (filter.status === DisclosureStatus.PENDING || filter.status === DisclosureStatus.ACTIVE) {
      query.andWhere('e.status = :status AND e.valid_until > :now', { status: filter.status, now });
    } else if (filter.status) {
      query.andWhere('e.status = :status', { status: filter.status });
    }
    return query.orderBy('e.id', 'DESC').getMany();
  }

  private async decide(id: string, operation: string, change: Change): Promise<DisclosureExceptionEntity> {
    const identity = this.ctx.identity!;
    const exceptionId = parseInput(idSchema, id, 'id');
    const now = clock.now();
    return inTransaction(this.ctx, async (manager) => {
      const row = await manager
        .getRepository(DisclosureExceptionEntity)
        .createQueryBuilder('e')
        .setLock('pessimistic_write')
        .where('e.id = :exceptionId', { exceptionId })
        .getOne();
      if (!row) throw new NotFoundError('DisclosureException');
      change(row, identity.actorId, now);
      await manager.getRepository(DisclosureExceptionEntity).save(row);
      this.log(row, operation);
      return row;
    });
  }

  /** docs/design.md section 3: every compliance action is logged, in the action's transaction. */
  private log(row: DisclosureExceptionEntity, operation: string): void {
    this.ctx.transaction.logChange([
      {
        subscriberId: String(row.subscriberId),
        category: DataCategory.COMPLIANCE,
        fields: ['disclosureException'],
        basis: AccessBasis.ROLE,
        disclosureExceptionId: String(row.id),
        operation,
      },
    ]);
  }
}
