import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { ProductInquiryEntity, SurveyResponseEntity } from './marketing.entity';
import { ProductCode } from './product-code';

@ObjectType({ simpleResolvers: true })
@Category(DataCategory.MARKETING)
export class ProductInquiry {
  @Field(() => ID)
  @Category(DataCategory.MARKETING)
  id: string;

  subscriberId: string;

  @Field(() => ProductCode)
  @Category(DataCategory.MARKETING)
  product: ProductCode;

  @Field()
  @Category(DataCategory.MARKETING)
  message: string;

  @Field()
  @Category(DataCategory.MARKETING)
  createdAt: Date;
}

@ObjectType({ simpleResolvers: true })
@Category(DataCategory.MARKETING)
export class SurveyResponse {
  @Field(() => ID)
  @Category(DataCategory.MARKETING)
  id: string;

  subscriberId: string;

  @Field()
  @Category(DataCategory.MARKETING)
  survey: string;

  @Field(() => Int, { nullable: true, description: '0 to 10' })
  @Category(DataCategory.MARKETING)
  score: number | null;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.MARKETING)
  answers: string | null;

  @Field()
  @Category(DataCategory.MARKETING)
  createdAt: Date;
}

@ObjectType({ simpleResolvers: true })
@Category(DataCategory.MARKETING)
export class CommunicationPreferences {
  subscriberId: string;

  @Field({ description: 'Mailings about other goods and services; service bulletins always go' })
  @Category(DataCategory.MARKETING)
  marketingMailings: boolean;

  @Field({ description: 'Always true: the policy reserves bulletins about the service' })
  @Category(DataCategory.MARKETING)
  serviceBulletins: boolean;
}

/** Policy: KacMac "regularly sends out mailings ... that it believes may be of interest": opt-out. */
export const DEFAULT_MARKETING_MAILINGS = true;

export function toPreferences(
  subscriberId: string,
  marketingMailings: boolean | null,
): CommunicationPreferences {
  return Object.assign(new CommunicationPreferences(), {
    subscriberId,
    marketingMailings: marketingMailings ?? DEFAULT_MARKETING_MAILINGS,
    serviceBulletins: true,
  });
}

export function toInquiry(entity: ProductInquiryEntity): ProductInquiry {
  return Object.assign(new ProductInquiry(), {
    id: String(entity.id),
    subscriberId: String(entity.subscriberId),
    product: entity.product,
    message: entity.message ?? '',
    createdAt: entity.createdAt,
  });
}

export function toSurveyResponse(entity: SurveyResponseEntity): SurveyResponse {
  return Object.assign(new SurveyResponse(), {
    id: String(entity.id),
    subscriberId: String(entity.subscriberId),
    survey: entity.survey,
    score: entity.score === null ? null : Number(entity.score),
    answers: entity.answers,
    createdAt: entity.createdAt,
  });
}
