import type { AppContext } from '../../context';
import { config } from '../../config';
import { clock, MINUTE_MS } from '../../common/clock';
import { BadInputError } from '../../common/errors';
import { parseInput } from '../../common/validation';
import { inTransaction } from '../../context/transaction';
import { AccessBasis } from '../../access/basis';
import { DataCategory } from '../../access/categories';
import { IdentityVerificationEntity, IdentityVerificationRow } from './identity.entity';
import { IdentityVerificationInput } from './identity.inputs';
import { identityVerificationSchema } from './identity.inputs';

export class IdentityVerificationService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * docs/design.md section 2, gate 1: staff record that they checked a government ID. It is
   * granted to the recording actor, or to the subscriber (unlocking the customer app),
   * and valid for ID_VERIFICATION_TTL_MINUTES. Logged as a compliance action.
   */
  async record(input: IdentityVerificationInput): Promise<IdentityVerificationRow> {
    const identity = this.ctx.identity!;
    const values = parseInput(identityVerificationSchema, input);
    const grantedTo = values.grantedTo ?? identity.actorId;
    if (grantedTo !== identity.actorId && grantedTo !== values.subscriberId) {
      throw new BadInputError('input.grantedTo', 'must be your own actor id or the subscriber’s id');
    }
    return inTransaction(this.ctx, async (manager) => {
      const verifiedAt = clock.now();
      const row = await manager.getRepository(IdentityVerificationEntity).save(
        manager.create(IdentityVerificationEntity, {
          subscriberId: values.subscriberId,
          documentType: values.documentType,
          documentHash: null,
          verifiedBy: identity.actorId,
          grantedTo,
          verifiedAt,
          validUntil: new Date(verifiedAt.getTime() + config().ID_VERIFICATION_TTL_MINUTES * MINUTE_MS),
        }),
      );
      this.ctx.transaction.logChange([
        {
          subscriberId: values.subscriberId,
          category: DataCategory.COMPLIANCE,
          fields: ['identityVerification'],
          basis: AccessBasis.ROLE,
          operation: 'recordIdentityVerification',
        },
      ]);
      return row;
    });
  }
}
