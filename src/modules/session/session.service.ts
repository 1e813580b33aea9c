import type { AppContext } from '../../context';
import { parseInput } from '../../common/validation';
import { inTransaction } from '../../context/transaction';
import { SessionEntity } from './session.entity';
import { SessionInput, sessionSchema } from './session.inputs';

export class SessionService {
  constructor(private readonly ctx: AppContext) {}

  async record(input: SessionInput): Promise<SessionEntity> {
    const values = parseInput(sessionSchema, input);
    return inTransaction(this.ctx, async (manager) => {
      // The guard's lock on the account orders this insert before or after a concurrent purge.
      return manager.save(manager.create(SessionEntity, values));
    });
  }
}
