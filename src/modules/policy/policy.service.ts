import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { config } from '../../config';
import { clock, DAY_MS } from '../../common/clock';
import { optionalText, parseInput, text } from '../../common/validation';
import { inTransaction } from '../../context/transaction';
import { PolicyVersionEntity } from './policy-version.entity';

const postSchema = z.object({ body: text(200_000), summary: optionalText(500) });

/** The version in effect at `at` (the newest whose effectiveAt has come). */
export async function policyInEffect(db: DataSource, at: Date): Promise<PolicyVersionEntity | null> {
  return db
    .getRepository(PolicyVersionEntity)
    .createQueryBuilder('p')
    .where('p.effective_at <= :at', { at })
    .orderBy('p.effective_at', 'DESC')
    .addOrderBy('p.version', 'DESC')
    .limit(1)
    .getOne();
}

/** Policy: "changes will become effective 30 days after notice of them is posted here". */
export class PolicyService {
  constructor(private readonly ctx: AppContext) {}

  current(): Promise<PolicyVersionEntity | null> {
    return policyInEffect(this.ctx.db, clock.now());
  }

  async all(): Promise<PolicyVersionEntity[]> {
    return this.ctx.db.getRepository(PolicyVersionEntity).find({ order: { version: 'ASC' } });
  }

  async post(body: string, summary: string | null | undefined): Promise<PolicyVersionEntity> {
    const values = parseInput(postSchema, { body, summary }, '');
    return inTransaction(this.ctx, async (manager) => {
      // The newest row's lock numbers concurrent posts one after the other.
      const [last] = await manager.query(
        'SELECT version, effective_at FROM policy_versions ORDER BY version DESC LIMIT 1 FOR UPDATE',
      );
      const postedAt = clock.now();
      const noticeEnds = postedAt.getTime() + config().POLICY_NOTICE_DAYS * DAY_MS;
      // Never before the notice period ends, and never ahead of a version posted earlier.
      const effectiveAt = new Date(Math.max(noticeEnds, last ? (last.effective_at as Date).getTime() : 0));
      const entity = manager.create(PolicyVersionEntity, {
        version: last ? Number(last.version) + 1 : 1,
        body: values.body,
        summary: values.summary,
        postedBy: this.ctx.identity!.actorId,
        postedAt,
        effectiveAt,
      });
      await manager.insert(PolicyVersionEntity, entity);
      return entity;
    });
  }
}
