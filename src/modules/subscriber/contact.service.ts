import type { AppContext } from '../../context';
import { ConflictError, Reason } from '../../common/errors';
import { id as idSchema, parseInput } from '../../common/validation';
import { inTransaction, isDuplicateKey } from '../../common/transaction';
import { AccessBasis } from '../../access/basis';
import { DataCategory } from '../../access/categories';
import { requireChangeVerification } from '../../access/changes';
import { assertMayTarget } from '../../access/scope';
import { actorOf, appendAccessLog } from '../../audit/access-log.service';
import { SubscriberEntity } from './subscriber.entity';
import { Subscriber } from './subscriber.type';
import { subscriberDto } from './subscriber.service';
import { ContactInfoInput, contactInfoSchema, ContactInfoValues } from './contact.inputs';
import { lockAccount } from './account-lock';

function contactColumns(values: ContactInfoValues): Partial<SubscriberEntity> {
  const columns: Partial<SubscriberEntity> = {};
  if (values.name !== undefined) columns.name = values.name;
  if (values.email !== undefined) columns.email = values.email;
  if (values.phone !== undefined) columns.phone = values.phone ?? null;
  if (values.address !== undefined) {
    const a = values.address;
    Object.assign(columns, {
      addressLine1: a?.line1 ?? null,
      addressLine2: a?.line2 ?? null,
      addressCity: a?.city ?? null,
      addressRegion: a?.region ?? null,
      addressPostalCode: a?.postalCode ?? null,
      addressCountry: a?.country ?? null,
    });
  }
  return columns;
}

/** Policy: "You may correct that information as appropriate by login" — with an ID check first. */
export class ContactInfoService {
  constructor(private readonly ctx: AppContext) {}

  async update(subscriberId: string, input: ContactInfoInput): Promise<Subscriber> {
    const identity = this.ctx.identity!;
    const targetId = parseInput(idSchema, subscriberId, 'subscriberId');
    assertMayTarget(identity, targetId);
    const values = parseInput(contactInfoSchema, input);
    const changed = Object.keys(values).filter((key) => values[key as keyof ContactInfoValues] !== undefined);
    try {
      const saved = await inTransaction(this.ctx, async (manager) => {
        const repo = manager.getRepository(SubscriberEntity);
        const row = await lockAccount(manager, targetId, identity);
        await requireChangeVerification(manager, identity, targetId);
        Object.assign(row, contactColumns(values));
        await repo.save(row);
        await appendAccessLog(manager, actorOf(identity), this.ctx.requestId, [
          {
            subscriberId: targetId,
            category: DataCategory.CONTACT,
            fields: changed,
            basis: AccessBasis.ID_VERIFICATION,
            operation: 'updateContactInfo',
          },
        ]);
        return row;
      });
      return subscriberDto(saved);
    } catch (error) {
      if (isDuplicateKey(error, 'uq_subscribers_email')) {
        throw new ConflictError(
          Reason.ALREADY_EXISTS,
          'input.email: another account uses this e-mail address',
        );
      }
      throw error;
    }
  }
}
