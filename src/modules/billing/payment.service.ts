import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { ConflictError, Reason } from '../../common/errors';
import { parseInput } from '../../common/validation';
import { inTransaction, isDuplicateKey } from '../../context/transaction';
import { PaymentEntity } from './payment.entity';
import { PaymentInput } from './payment.inputs';
import { paymentSchema } from './payment.inputs';

/** Recording a payment: its guard has locked the account (a RETAINED one takes payments too). */
export class PaymentService {
  constructor(private readonly ctx: AppContext) {}

  async record(input: PaymentInput): Promise<PaymentEntity> {
    const values = parseInput(paymentSchema, input);
    try {
      return await inTransaction(this.ctx, async (manager) => {
        return manager.save(
          manager.create(PaymentEntity, { ...values, cardLast4: null, createdAt: clock.now() }),
        );
      });
    } catch (error) {
      if (isDuplicateKey(error, 'uq_payments_invoice_number')) {
        throw new ConflictError(
          Reason.ALREADY_EXISTS,
          'input.invoiceNumber: a payment with this invoice number exists',
        );
      }
      throw error;
    }
  }
}
