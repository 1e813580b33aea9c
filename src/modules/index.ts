import type { NonEmptyArray } from 'type-graphql';
import { provideFactSources } from '../access/fact-sources';
import { changeVerificationFacts } from './identity/identity.loaders';
import { gateFacts } from './subscriber/gate-facts.loaders';
import { subscriberExists } from './subscriber/subscriber.loaders';
import { lockSubscriberRow } from './subscriber/account-lock';
import { rowOwner } from './subscriber/row-owner';
import { onSignUp } from './subscriber/sign-up';
import { recordSignUpChoice } from './marketing/sign-up-choice';
import { SubscriberResolver } from './subscriber/subscriber.resolver';
import { SessionResolver, SubscriberSessionsResolver } from './session/session.resolver';
import { PaymentResolver, SubscriberPaymentsResolver } from './billing/payment.resolver';
import { SubscriberTicketsResolver, TicketResolver } from './ticket/ticket.resolver';
import { ReportResolver } from './reporting/report.resolver';
import { BillingProfileResolver, SubscriberBillingResolver } from './billing/billing-profile.resolver';
import { IdentityVerificationResolver, SubscriberVerificationsResolver } from './identity/identity.resolver';
import { DisclosureExceptionResolver, SubscriberExceptionsResolver } from './disclosure/disclosure.resolver';
import { ContactInfoResolver } from './subscriber/contact.resolver';
import { AccessLogResolver } from './access-log/access-log.resolver';
import { LifecycleResolver } from './lifecycle/lifecycle.resolver';
import { RetentionResolver, SubscriberHoldsResolver } from './retention/retention.resolver';
import { PolicyResolver } from './policy/policy.resolver';
import { MarketingResolver, SubscriberMarketingResolver } from './marketing/marketing.resolver';
import { DomainResolver, SubscriberDomainsResolver } from './domain/domain.resolver';
import { DataExportResolver } from './export/data-export.resolver';

/** Every resolver class of the API, one or more per domain module. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  SubscriberResolver,
  SubscriberSessionsResolver,
  SessionResolver,
  SubscriberPaymentsResolver,
  PaymentResolver,
  TicketResolver,
  SubscriberTicketsResolver,
  ReportResolver,
  SubscriberBillingResolver,
  BillingProfileResolver,
  IdentityVerificationResolver,
  SubscriberVerificationsResolver,
  DisclosureExceptionResolver,
  SubscriberExceptionsResolver,
  ContactInfoResolver,
  AccessLogResolver,
  LifecycleResolver,
  RetentionResolver,
  SubscriberHoldsResolver,
  PolicyResolver,
  MarketingResolver,
  SubscriberMarketingResolver,
  DomainResolver,
  SubscriberDomainsResolver,
  DataExportResolver,
];

// The access rules decide on facts these modules read (access/fact-sources.ts).
provideFactSources({
  gateFacts,
  changeVerifications: changeVerificationFacts,
  subscriberExists,
  lockAccount: lockSubscriberRow,
  rowOwner,
});

// A sign-up records the marketing choice it carries, in its own transaction.
onSignUp((manager, subscriberId, choices) =>
  recordSignUpChoice(manager, subscriberId, choices.marketingMailings),
);
