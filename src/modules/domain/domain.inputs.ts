import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class DomainRegistrationInput {
  @Field(() => ID)
  subscriberId: string;

  @Field({ description: 'Any case; Unicode names are stored in their ASCII form' })
  domain: string;

  @Field(() => String, { nullable: true })
  registrantOrganization?: string | null;

  @Field()
  expiresAt: Date;
}
