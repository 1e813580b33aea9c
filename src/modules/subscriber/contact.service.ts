import type { AppContext } from '../../context';
import { ConflictError, Reason } from '../../common/errors';
import { parseInput } from '../../common/validation';
import { inTransaction, isDuplicateKey } from '../../context/transaction';
import { AccessBasis } from '../../access/basis';
import { DataCategory } from '../../access/categories';
import { SubscriberEntity } from './subscriber.entity';
import { ContactInfoInput, contactInfoSchema, ContactInfoValues } from './contact.inputs';
import { guardedAccount } from './account-lock';
import { toAddressColumns } from './postal-address.entity';

function contactColumns(values: ContactInfoValues): Partial<SubscriberEntity> {
  const columns: Partial<SubscriberEntity> = {};
  if (values.name !== undefined) columns.name = values.name;
  if (values.email !== undefined) columns.email = values.email;
  if (values.phone !== undefined) columns.phone = values.phone ?? null;
  if (values.address !== undefined) columns.address = toAddressColumns(values.address);
  return columns;
}

/**
 * Policy: "You may correct that information as appropriate by login" — with an ID check
 * first, which the mutation's guard (access/mutation-guards.ts) has made under the lock.
 */
export class ContactInfoService {
  constructor(private readonly ctx: AppContext) {}

  async update(input: ContactInfoInput): Promise<SubscriberEntity> {
    const row = guardedAccount(this.ctx);
    const values = parseInput(contactInfoSchema, input);
    const changed = Object.keys(values).filter((key) => values[key as keyof ContactInfoValues] !== undefined);
    try {
      return await inTransaction(this.ctx, async (manager) => {
        Object.assign(row, contactColumns(values));
        await manager.getRepository(SubscriberEntity).save(row);
        this.ctx.transaction.logChange([
          {
            subscriberId: row.id,
            category: DataCategory.CONTACT,
            fields: changed,
            basis: AccessBasis.ID_VERIFICATION,
            operation: 'updateContactInfo',
          },
        ]);
        return row;
      });
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
