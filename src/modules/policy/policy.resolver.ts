import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, PUBLIC } from '../../access/categories';
import { PolicyVersion } from './policy-version.type';
import { PolicyService } from './policy.service';

@Resolver(() => PolicyVersion)
export class PolicyResolver {
  @Query(() => PolicyVersion, { nullable: true, description: 'The version in effect now; no token needed' })
  @Category(PUBLIC)
  privacyPolicy(@Ctx() ctx: AppContext): Promise<PolicyVersion | null> {
    return new PolicyService(ctx).current();
  }

  @Query(() => [PolicyVersion], { description: 'Every version, upcoming ones included; no token needed' })
  @Category(PUBLIC)
  policyVersions(@Ctx() ctx: AppContext): Promise<PolicyVersion[]> {
    return new PolicyService(ctx).all();
  }

  @Mutation(() => PolicyVersion, { description: 'Effective after the notice period (30 days), never sooner' })
  postPolicyVersion(
    @Arg('body') body: string,
    @Arg('summary', () => String, { nullable: true }) summary: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<PolicyVersion> {
    return new PolicyService(ctx).post(body, summary);
  }
}
