import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { rowsBySubscriber } from '../../database/rows-by-subscriber';
import { byKeys } from '../../common/loader-registry';
import {
  CommunicationPreferencesEntity,
  CommunicationPreferencesRow,
  ProductInquiryEntity,
  SurveyResponseEntity,
} from './marketing.entity';

/** One statement per batch of subscribers for each relation (docs/design.md section 7). */
export function inquiriesBySubscriber(ctx: AppContext): DataLoader<string, ProductInquiryEntity[]> {
  return rowsBySubscriber(ctx, 'marketing.inquiries', ProductInquiryEntity, 'DESC');
}

export function surveysBySubscriber(ctx: AppContext): DataLoader<string, SurveyResponseEntity[]> {
  return rowsBySubscriber(ctx, 'marketing.surveys', SurveyResponseEntity, 'DESC');
}

/** The stored choice of each subscriber; null where none is stored (the default applies). */
export function preferencesBySubscriber(
  ctx: AppContext,
): DataLoader<string, CommunicationPreferencesRow | null> {
  return ctx.loaders.get(
    'marketing.preferences',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await primary(ctx)
          .getRepository(CommunicationPreferencesEntity)
          .findBy({ subscriberId: In([...ids]) });
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriberId),
          (found) => found[0] ?? null,
        );
      }),
  );
}
