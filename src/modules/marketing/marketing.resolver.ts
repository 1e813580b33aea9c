import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { Subscriber } from '../subscriber/subscriber.type';
import {
  CommunicationPreferences,
  ProductInquiry,
  SurveyResponse,
  toInquiry,
  toPreferences,
  toSurveyResponse,
} from './marketing.type';
import { MarketingService } from './marketing.service';
import { ProductCode } from './product-code';
import { inquiriesBySubscriber, preferencesBySubscriber, surveysBySubscriber } from './marketing.loaders';

@Resolver(() => ProductInquiry)
export class MarketingResolver {
  @Mutation(() => ProductInquiry, { description: 'By a customer, for itself' })
  async submitProductInquiry(
    @Arg('product', () => ProductCode) product: ProductCode,
    @Arg('message') message: string,
    @Ctx() ctx: AppContext,
  ): Promise<ProductInquiry> {
    return toInquiry(await new MarketingService(ctx).submitInquiry(product, message));
  }

  @Mutation(() => SurveyResponse, { description: 'By a customer, for itself; score 0 to 10' })
  async submitSurveyResponse(
    @Arg('survey') survey: string,
    @Ctx() ctx: AppContext,
    @Arg('score', () => Int, { nullable: true }) score?: number | null,
    @Arg('answers', () => String, { nullable: true }) answers?: string | null,
  ): Promise<SurveyResponse> {
    return toSurveyResponse(await new MarketingService(ctx).submitSurvey(survey, score, answers));
  }

  @Mutation(() => CommunicationPreferences)
  async setCommunicationPreferences(
    @Arg('subscriberId', () => ID) subscriberId: string,
    @Arg('marketingMailings') marketingMailings: boolean,
    @Ctx() ctx: AppContext,
  ): Promise<CommunicationPreferences> {
    const row = await new MarketingService(ctx).setPreferences(subscriberId, marketingMailings);
    return toPreferences(row.subscriberId, row.marketingMailings);
  }
}

@Resolver(() => Subscriber)
export class SubscriberMarketingResolver {
  @FieldResolver(() => [ProductInquiry], { nullable: true, description: 'Newest first' })
  @Category(DataCategory.MARKETING)
  async productInquiries(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<ProductInquiry[]> {
    const rows = await inquiriesBySubscriber(ctx).load(subscriber.id);
    return rows.map(toInquiry);
  }

  @FieldResolver(() => [SurveyResponse], { nullable: true, description: 'Newest first' })
  @Category(DataCategory.MARKETING)
  async surveyResponses(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<SurveyResponse[]> {
    const rows = await surveysBySubscriber(ctx).load(subscriber.id);
    return rows.map(toSurveyResponse);
  }

  @FieldResolver(() => CommunicationPreferences, { nullable: true })
  @Category(DataCategory.MARKETING)
  async communicationPreferences(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
  ): Promise<CommunicationPreferences> {
    const row = await preferencesBySubscriber(ctx).load(subscriber.id);
    return toPreferences(subscriber.id, row?.marketingMailings ?? null);
  }
}
