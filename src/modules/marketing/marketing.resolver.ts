import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { Subscriber } from '../subscriber/subscriber.type';
import { CommunicationPreferences, ProductInquiry, SurveyResponse } from './marketing.type';
import { MarketingService } from './marketing.service';
import { ProductCode } from './product-code';
import { inquiriesBySubscriber, preferencesBySubscriber, surveysBySubscriber } from './marketing.loaders';

@Resolver(() => ProductInquiry)
export class MarketingResolver {
  @Mutation(() => ProductInquiry, { description: 'By a customer, for itself' })
  submitProductInquiry(
    @Arg('product', () => ProductCode) product: ProductCode,
    @Arg('message') message: string,
    @Ctx() ctx: AppContext,
  ): Promise<ProductInquiry> {
    return new MarketingService(ctx).submitInquiry(product, message);
  }

  @Mutation(() => SurveyResponse, { description: 'By a customer, for itself; score 0 to 10' })
  submitSurveyResponse(
    @Arg('survey') survey: string,
    @Ctx() ctx: AppContext,
    @Arg('score', () => Int, { nullable: true }) score?: number | null,
    @Arg('answers', () => String, { nullable: true }) answers?: string | null,
  ): Promise<SurveyResponse> {
    return new MarketingService(ctx).submitSurvey(survey, score, answers);
  }

  @Mutation(() => CommunicationPreferences)
  setCommunicationPreferences(
    @Arg('subscriberId', () => ID) subscriberId: string,
    @Arg('marketingMailings') marketingMailings: boolean,
    @Ctx() ctx: AppContext,
  ): Promise<CommunicationPreferences> {
    return new MarketingService(ctx).setPreferences(subscriberId, marketingMailings);
  }
}

@Resolver(() => Subscriber)
export class SubscriberMarketingResolver {
  @FieldResolver(() => [ProductInquiry], { nullable: true, description: 'Newest first' })
  @Category(DataCategory.MARKETING)
  productInquiries(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<ProductInquiry[]> {
    return inquiriesBySubscriber(ctx).load(subscriber.id);
  }

  @FieldResolver(() => [SurveyResponse], { nullable: true, description: 'Newest first' })
  @Category(DataCategory.MARKETING)
  surveyResponses(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<SurveyResponse[]> {
    return surveysBySubscriber(ctx).load(subscriber.id);
  }

  @FieldResolver(() => CommunicationPreferences, { nullable: true })
  @Category(DataCategory.MARKETING)
  communicationPreferences(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
  ): Promise<CommunicationPreferences> {
    return preferencesBySubscriber(ctx).load(subscriber.id);
  }
}
