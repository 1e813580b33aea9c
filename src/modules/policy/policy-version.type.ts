import { Field, Int, ObjectType } from 'type-graphql';
import { Category, PUBLIC } from '../../access/categories';
import { PolicyVersionEntity } from './policy-version.entity';

@ObjectType({ simpleResolvers: true, description: 'A version of the privacy policy; public' })
@Category(PUBLIC)
export class PolicyVersion {
  @Field(() => Int)
  @Category(PUBLIC)
  version: number;

  @Field()
  @Category(PUBLIC)
  body: string;

  @Field(() => String, { nullable: true })
  @Category(PUBLIC)
  summary: string | null;

  @Field()
  @Category(PUBLIC)
  postedAt: Date;

  @Field({ description: 'postedAt + the notice period; never sooner' })
  @Category(PUBLIC)
  effectiveAt: Date;
}

export function toPolicyVersion(entity: PolicyVersionEntity): PolicyVersion {
  return Object.assign(new PolicyVersion(), {
    version: Number(entity.version),
    body: entity.body,
    summary: entity.summary,
    postedAt: entity.postedAt,
    effectiveAt: entity.effectiveAt,
  });
}
