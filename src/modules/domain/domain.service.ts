import { z } from 'zod';
import type { AppContext } from '../../context';
import { clock, addMonthsUtc } from '../../common/clock';
import { BadInputError, ConflictError, Reason } from '../../common/errors';
import { dateTime, id as idSchema, optionalText, parseInput } from '../../common/validation';
import { inTransaction, isDuplicateKey } from '../../context/transaction';
import { guardedAccount } from '../subscriber/account-lock';
import { DomainRegistrationEntity } from './domain.entity';
import { DomainRegistrationInput } from './domain.inputs';
import { normaliseDomainName } from './domain-name';

const MAX_TERM_MONTHS = 120;

const domainName = z.string().transform((value, ctx) => {
  const result = normaliseDomainName(value);
  if ('problem' in result) {
    ctx.addIssue({ code: 'custom', message: result.problem });
    return z.NEVER;
  }
  return result.ascii;
});

const registerSchema = z.object({
  subscriberId: idSchema,
  domain: domainName,
  registrantOrganization: optionalText(200),
  expiresAt: dateTime,
});

export class DomainService {
  constructor(private readonly ctx: AppContext) {}

  async register(input: DomainRegistrationInput): Promise<DomainRegistrationEntity> {
    const values = parseInput(registerSchema, input);
    const now = clock.now();
    if (values.expiresAt.getTime() <= now.getTime()) {
      throw new BadInputError('input.expiresAt', 'must be in the future');
    }
    if (values.expiresAt.getTime() > addMonthsUtc(now, MAX_TERM_MONTHS).getTime()) {
      throw new BadInputError('input.expiresAt', 'must be at most ten years ahead');
    }
    try {
      return await inTransaction(this.ctx, async (manager) => {
        const account = guardedAccount(this.ctx);
        // The registrant is the subscriber, as its contact data reads at registration.
        const entity = manager.create(DomainRegistrationEntity, {
          subscriberId: values.subscriberId,
          domain: values.domain,
          registrantName: account.name,
          registrantOrganization: values.registrantOrganization,
          registrantEmail: account.email,
          registeredAt: now,
          expiresAt: values.expiresAt,
        });
        return manager.save(entity);
      });
    } catch (error) {
      if (isDuplicateKey(error, 'uq_domains_domain')) {
        throw new ConflictError(Reason.ALREADY_EXISTS, 'input.domain: this domain is already registered');
      }
      throw error;
    }
  }

  /** The public look-up: no token, registrant fields and dates only. */
  async lookup(domain: string): Promise<DomainRegistrationEntity | null> {
    const ascii = parseInput(domainName, domain, 'domain');
    return this.ctx.db.getRepository(DomainRegistrationEntity).findOneBy({ domain: ascii });
  }
}
