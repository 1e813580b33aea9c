import { z } from 'zod';
import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { id as idSchema, optionalText, parseInput, text } from '../../common/validation';
import { inTransaction } from '../../context/transaction';
import { guardedAccount } from '../subscriber/account-lock';
import {
  CommunicationPreferencesEntity,
  CommunicationPreferencesRow,
  ProductInquiryEntity,
  SurveyResponseEntity,
} from './marketing.entity';
import { ProductCode } from './product-code';

const inquirySchema = z.object({ product: z.enum(ProductCode), message: text(5000) });
const surveySchema = z.object({
  survey: text(100),
  score: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 to 10')
    .max(10, 'must be 0 to 10')
    .nullish(),
  answers: optionalText(5000),
});
const preferencesSchema = z.object({ subscriberId: idSchema, marketingMailings: z.boolean() });

/**
 * Customer self-service: inquiries and survey answers for itself, its mailing choice. The
 * mutation's guard has locked the account and checked who may reach it.
 */
export class MarketingService {
  constructor(private readonly ctx: AppContext) {}

  private get customerId(): string {
    return guardedAccount(this.ctx).id;
  }

  async submitInquiry(product: ProductCode, message: string): Promise<ProductInquiryEntity> {
    const values = parseInput(inquirySchema, { product, message }, '');
    return inTransaction(this.ctx, (manager) =>
      manager.save(
        manager.create(ProductInquiryEntity, {
          ...values,
          subscriberId: this.customerId,
          createdAt: clock.now(),
        }),
      ),
    );
  }

  async submitSurvey(
    survey: string,
    score: number | null | undefined,
    answers: string | null | undefined,
  ): Promise<SurveyResponseEntity> {
    const values = parseInput(surveySchema, { survey, score, answers }, '');
    return inTransaction(this.ctx, (manager) =>
      manager.save(
        manager.create(SurveyResponseEntity, {
          survey: values.survey,
          score: values.score ?? null,
          answers: values.answers,
          subscriberId: this.customerId,
          createdAt: clock.now(),
        }),
      ),
    );
  }

  async setPreferences(
    subscriberId: string,
    marketingMailings: boolean,
  ): Promise<CommunicationPreferencesRow> {
    const values = parseInput(preferencesSchema, { subscriberId, marketingMailings }, '');
    return inTransaction(this.ctx, async (manager) => {
      await manager.upsert(
        CommunicationPreferencesEntity,
        {
          subscriberId: values.subscriberId,
          marketingMailings: values.marketingMailings,
          updatedAt: clock.now(),
        },
        ['subscriberId'],
      );
      return { subscriberId: values.subscriberId, marketingMailings: values.marketingMailings };
    });
  }
}
