import type { AppContext } from '../../context';
import { config } from '../../config';
import { clock } from '../../common/clock';
import { inTransaction } from '../../context/transaction';
import { AccessBasis } from '../../access/basis';
import { DataCategory } from '../../access/categories';
import { toAddressColumns } from '../subscriber/postal-address.entity';
import { BillingProfileEntity, BillingProfileRow } from './billing-profile.entity';
import { parseBillingInfo } from './billing-profile.inputs';
import { currentCardKey, encryptCardNumber } from './card-crypto';
import { guardedAccount } from '../subscriber/account-lock';

export class BillingProfileService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * updateBillingInfo: its guard (access/mutation-guards.ts) has locked the account and
   * checked the caller's identity verification; stores brand, last 4, expiry and the
   * number encrypted; logs the change in the same transaction. The number itself goes
   * nowhere else.
   */
  async update(input: unknown): Promise<BillingProfileRow> {
    const values = parseBillingInfo(guardedAccount(this.ctx).id, input, clock.now());
    return inTransaction(this.ctx, async (manager) => {
      const key = currentCardKey(config());
      const row = manager.create(BillingProfileEntity, {
        subscriberId: values.subscriberId,
        cardBrand: values.brand,
        cardLast4: values.last4,
        cardExpiry: values.expiry,
        cardCiphertext: encryptCardNumber(values.digits, values.subscriberId, key),
        cardKeyId: key.id,
        address: toAddressColumns(values.billingAddress),
        updatedAt: clock.now(),
      });
      await manager.getRepository(BillingProfileEntity).save(row);
      this.ctx.transaction.logChange([
        {
          subscriberId: values.subscriberId,
          category: DataCategory.BILLING,
          fields: ['cardNumber', 'cardExpiry', ...(values.billingAddress ? ['billingAddress'] : [])],
          basis: AccessBasis.ID_VERIFICATION,
          operation: 'updateBillingInfo',
        },
      ]);
      return row;
    });
  }
}
