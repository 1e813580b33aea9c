import type { AppContext } from '../../context';
import { config } from '../../config';
import { clock } from '../../common/clock';
import { ConflictError, NotFoundError, Reason } from '../../common/errors';
import { ownSubscriberScope } from '../../access/scope';
import { id as idSchema, parseInput } from '../../common/validation';
import { keysetAfter, pageArgs, toPage } from '../../common/pagination';
import { inTransaction, isDuplicateKey } from '../../common/transaction';
import { SubscriberEntity } from './subscriber.entity';
import { toSubscriber, Subscriber } from './subscriber.type';
import {
  CreateSubscriberInput,
  createSubscriberSchema,
  SubscriberFilter,
  subscriberFilterSchema,
} from './subscriber.inputs';
import { SubscriberConnection } from './subscriber.connection';
import { isAccountNumber, newAccountNumber } from './account-number';
import { recordSignUpChoice } from '../marketing/sign-up-choice';

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export function subscriberDto(entity: SubscriberEntity): Subscriber {
  return toSubscriber(entity, config().RETENTION_MONTHS);
}

/** Reads and creates subscribers; every read is scoped in SQL to what the caller may reach. */
export class SubscriberService {
  constructor(private readonly ctx: AppContext) {}

  private get repo() {
    return this.ctx.db.getRepository(SubscriberEntity);
  }

  /** The subscriber `id` if the caller may reach it; null for unknown and out-of-scope alike. */
  async findVisible(id: string): Promise<Subscriber | null> {
    const subscriberId = parseInput(idSchema, id, 'id');
    const identity = this.ctx.identity!;
    const scope = ownSubscriberScope(identity);
    const query = this.repo.createQueryBuilder('s').where('s.id = :subscriberId', { subscriberId });
    if (scope !== null) query.andWhere('s.id = :scope', { scope });
    const entity = await query.getOne();
    return entity ? subscriberDto(entity) : null;
  }

  async getVisible(id: string): Promise<Subscriber> {
    const subscriber = await this.findVisible(id);
    if (!subscriber) throw new NotFoundError('Subscriber');
    return subscriber;
  }

  async me(): Promise<Subscriber | null> {
    return this.findVisible(this.ctx.identity!.actorId);
  }

  /** The dashboard list: newest first, keyset-paged on id. */
  async list(
    first: number | null | undefined,
    after: string | null | undefined,
    filter: SubscriberFilter | null | undefined,
  ) {
    const page = pageArgs(first, after, 1);
    const criteria = parseInput(subscriberFilterSchema, filter, 'filter');
    const base = () => {
      const query = this.repo.createQueryBuilder('s');
      if (criteria?.status) query.andWhere('s.status = :status', { status: criteria.status });
      const search = criteria?.search;
      if (search) {
        const conditions = ['s.name LIKE :prefix', 's.email LIKE :prefix'];
        if (isAccountNumber(search)) conditions.push('s.account_number = :accountNumber');
        query.andWhere(`(${conditions.join(' OR ')})`, {
          prefix: `${escapeLike(search)}%`,
          accountNumber: search.toUpperCase(),
        });
      }
      return query;
    };
    const query = base();
    if (page.after) {
      const keyset = keysetAfter(['s.id'], page.after);
      query.andWhere(keyset.sql, keyset.params);
    }
    const rows = await query
      .orderBy('s.id', 'DESC')
      .limit(page.first + 1)
      .getMany();
    const result = toPage(rows, page.first, (row) => [row.id], subscriberDto);
    return new SubscriberConnection(result, () => base().getCount());
  }

  async create(input: CreateSubscriberInput): Promise<Subscriber> {
    const values = parseInput(createSubscriberSchema, input);
    for (let attempt = 0; ; attempt++) {
      try {
        const entity = await inTransaction(this.ctx, async (manager) => {
          const row = manager.create(SubscriberEntity, {
            accountNumber: newAccountNumber(),
            name: values.name,
            email: values.email,
            phone: values.phone,
            addressLine1: values.address?.line1 ?? null,
            addressLine2: values.address?.line2 ?? null,
            addressCity: values.address?.city ?? null,
            addressRegion: values.address?.region ?? null,
            addressPostalCode: values.address?.postalCode ?? null,
            addressCountry: values.address?.country ?? null,
            createdAt: clock.now(),
          });
          const saved = await manager.save(row);
          await recordSignUpChoice(manager, saved.id, values.marketingMailings);
          return saved;
        });
        return subscriberDto(entity);
      } catch (error) {
        if (isDuplicateKey(error, 'uq_subscribers_email')) {
          throw new ConflictError(
            Reason.ALREADY_EXISTS,
            'input.email: another account uses this e-mail address',
          );
        }
        if (isDuplicateKey(error, 'uq_subscribers_account_number') && attempt < 3) continue;
        throw error;
      }
    }
  }
}
