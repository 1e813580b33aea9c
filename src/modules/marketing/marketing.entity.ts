import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';
import { ProductCode } from './product-code';

/** Policy: "KacMac also tracks requests you make for information on KacMac's products". */
@Index('idx_inquiries_subscriber', ['subscriberId', 'id'])
@Index('idx_inquiries_product', ['product', 'subscriberId'])
@Entity({ name: 'product_inquiries' })
export class ProductInquiryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_inquiries_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ type: 'enum', enum: ProductCode })
  product: ProductCode;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** Policy: "... and responses you provide to KacMac surveys". */
@Index('idx_surveys_subscriber', ['subscriberId', 'id'])
@Entity({ name: 'survey_responses' })
export class SurveyResponseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_surveys_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ type: 'varchar', length: 100 })
  survey: string;

  @Column({ type: 'tinyint', unsigned: true, nullable: true })
  score: number | null;

  @Column({ type: 'text', nullable: true })
  answers: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** The marketing choice; no row means the default (opted in, service bulletins always). */
@Entity({ name: 'communication_preferences' })
export class CommunicationPreferencesEntity {
  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_preferences_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @PrimaryColumn({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ name: 'marketing_mailings', type: 'boolean' })
  marketingMailings: boolean;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** A subscriber's stored marketing choice as loaders and services hand it on. */
export type CommunicationPreferencesRow = Pick<
  CommunicationPreferencesEntity,
  'subscriberId' | 'marketingMailings'
>;
