import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ProductCode } from './product-code';

/** Policy: "KacMac also tracks requests you make for information on KacMac's products". */
@Entity({ name: 'product_inquiries' })
export class ProductInquiryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

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
@Entity({ name: 'survey_responses' })
export class SurveyResponseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

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
  @PrimaryColumn({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ name: 'marketing_mailings', type: 'boolean' })
  marketingMailings: boolean;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
