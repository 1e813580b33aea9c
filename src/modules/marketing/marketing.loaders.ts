import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { rowsBySubscriber } from '../../database/rows-by-subscriber';
import { byKeys } from '../../common/loader-registry';
import {
  CommunicationPreferencesEntity,
  ProductInquiryEntity,
  SurveyResponseEntity,
} from './marketing.entity';
import {
  CommunicationPreferences,
  ProductInquiry,
  SurveyResponse,
  toInquiry,
  toPreferences,
  toSurveyResponse,
} from './marketing.type';

/** One statement per batch of subscribers for each relation (docs/design.md section 7). */
export function inquiriesBySubscriber(ctx: AppContext): DataLoader<string, ProductInquiry[]> {
  return rowsBySubscriber(ctx, 'marketing.inquiries', ProductInquiryEntity, 'DESC', toInquiry);
}

export function surveysBySubscriber(ctx: AppContext): DataLoader<string, SurveyResponse[]> {
  return rowsBySubscriber(ctx, 'marketing.surveys', SurveyResponseEntity, 'DESC', toSurveyResponse);
}

export function preferencesBySubscriber(ctx: AppContext): DataLoader<string, CommunicationPreferences> {
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
          (found) => toPreferences(String(found[0]?.subscriberId ?? ''), found[0]?.marketingMailings ?? null),
        ).map((prefs, i) => Object.assign(prefs, { subscriberId: ids[i] }));
      }),
  );
}
