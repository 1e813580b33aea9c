import { Field, ObjectType } from 'type-graphql';
import { Category, PUBLIC } from '../../access/categories';
import { DomainRegistrationEntity } from './domain.entity';

/** Policy: "DNR domain registration is freely available": the registrant fields only. */
@ObjectType({ simpleResolvers: true, description: 'Public by policy: anyone may look a domain up' })
@Category(PUBLIC)
export class DomainRegistration {
  /** Not served: the owner of this row for the access rules. */
  subscriberId: string;

  @Field({ description: 'ASCII (punycode) form' })
  @Category(PUBLIC)
  domain: string;

  @Field(() => String, { nullable: true })
  @Category(PUBLIC)
  registrantName: string | null;

  @Field(() => String, { nullable: true })
  @Category(PUBLIC)
  registrantOrganization: string | null;

  @Field(() => String, { nullable: true })
  @Category(PUBLIC)
  registrantEmail: string | null;

  @Field()
  @Category(PUBLIC)
  registeredAt: Date;

  @Field()
  @Category(PUBLIC)
  expiresAt: Date;
}

export function toDomainRegistration(entity: DomainRegistrationEntity): DomainRegistration {
  return Object.assign(new DomainRegistration(), {
    subscriberId: String(entity.subscriberId),
    domain: entity.domain,
    registrantName: entity.registrantName,
    registrantOrganization: entity.registrantOrganization,
    registrantEmail: entity.registrantEmail,
    registeredAt: entity.registeredAt,
    expiresAt: entity.expiresAt,
  });
}
