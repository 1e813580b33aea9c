import type { AppContext } from '../../context';
import { NotFoundError } from '../../common/errors';
import { parseInput } from '../../common/validation';
import { inTransaction } from '../../common/transaction';
import { SubscriberEntity } from '../subscriber/subscriber.entity';
import { SessionEntity } from './session.entity';
import { assertNotPurged } from '../lifecycle/account-lock';
import { SessionInput, sessionSchema } from './session.inputs';
import { Session, toSession } from './session.type';

export class SessionService {
  constructor(private readonly ctx: AppContext) {}

  async record(input: SessionInput): Promise<Session> {
    const values = parseInput(sessionSchema, input);
    const saved = await inTransaction(this.ctx, async (manager) => {
      // Lock the subscriber row so a concurrent purge cannot erase it mid-insert (FOR UPDATE:
      // MariaDB does not understand the FOR SHARE that a shared lock would emit).
      const owner = await manager
        .getRepository(SubscriberEntity)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.id = :id', { id: values.subscriberId })
        .getOne();
      if (!owner) throw new NotFoundError('Subscriber');
      assertNotPurged(owner);
      return manager.save(manager.create(SessionEntity, values));
    });
    return toSession({ ...saved });
  }
}
