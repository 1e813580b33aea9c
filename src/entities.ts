import { SubscriberEntity } from './modules/subscriber/subscriber.entity';
import { SessionEntity } from './modules/session/session.entity';
import { SessionSchemaEntity } from './modules/session/session-schema.entity';
import { PaymentEntity } from './modules/billing/payment.entity';
import { SupportTicketEntity, TicketMessageEntity } from './modules/ticket/ticket.entity';
import { AccessLogEntity } from './access-log/access-log.entity';
import { AccessLogEntryRowEntity, AccessLogGroupEntity } from './access-log/access-log-tables.entity';
import { BillingProfileEntity } from './modules/billing/billing-profile.entity';
import { IdentityVerificationEntity } from './modules/identity/identity.entity';
import { DisclosureExceptionEntity } from './modules/disclosure/disclosure.entity';
import { RetentionHoldEntity } from './modules/retention/retention-hold.entity';
import { PolicyVersionEntity } from './modules/policy/policy-version.entity';
import {
  CommunicationPreferencesEntity,
  ProductInquiryEntity,
  SurveyResponseEntity,
} from './modules/marketing/marketing.entity';
import { DomainRegistrationEntity } from './modules/domain/domain.entity';

/** Every TypeORM entity; the DataSource of the app, the CLI and the tests loads this list. */
export const entities = [
  SubscriberEntity,
  SessionEntity,
  PaymentEntity,
  SupportTicketEntity,
  TicketMessageEntity,
  AccessLogEntity,
  AccessLogGroupEntity,
  AccessLogEntryRowEntity,
  BillingProfileEntity,
  IdentityVerificationEntity,
  DisclosureExceptionEntity,
  RetentionHoldEntity,
  PolicyVersionEntity,
  ProductInquiryEntity,
  SurveyResponseEntity,
  CommunicationPreferencesEntity,
  DomainRegistrationEntity,
];

/** The same tables as the schema comparison of `npm run migration:generate` sees them, whole. */
export const schemaEntities = entities.map((entity) =>
  entity === SessionEntity ? SessionSchemaEntity : entity,
);
