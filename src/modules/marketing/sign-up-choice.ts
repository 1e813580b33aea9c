import type { EntityManager } from 'typeorm';
import { clock } from '../../common/clock';
import { CommunicationPreferencesEntity } from './marketing.entity';

/** Stores the marketing choice made at sign-up; none given leaves the default (opted in). */
export async function recordSignUpChoice(
  manager: EntityManager,
  subscriberId: string,
  marketingMailings: boolean | null | undefined,
): Promise<void> {
  if (marketingMailings === null || marketingMailings === undefined) return;
  await manager.insert(CommunicationPreferencesEntity, {
    subscriberId,
    marketingMailings,
    updatedAt: clock.now(),
  });
}
