import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, PUBLIC } from '../../access/categories';
import { PolicyVersion, toPolicyVersion } from './policy-version.type';
import { PolicyService } from './policy.service';

@Resolver(() => PolicyVersion)
export class PolicyResolver {
  @Query(() => PolicyVersion, { nullable: true, description: 'The version in effect now; no token needed' })
  @Category(PUBLIC)
  async privacyPolicy(@Ctx() ctx: AppContext): Promise<PolicyVersion | null> {
    const row = await new PolicyService(ctx).current();
    return row ? toPolicyVersion(row) : null;
  }

  @Query(() => [PolicyVersion], { description: 'Every version, upcoming ones included; no token needed' })
  @Category(PUBLIC)
  async policyVersions(@Ctx() ctx: AppContext): Promise<PolicyVersion[]> {
    const rows = await new PolicyService(ctx).all();
    return rows.map(toPolicyVersion);
  }

  @Mutation(() => PolicyVersion, { description: 'Effective after the notice period (30 days), never sooner' })
  async postPolicyVersion(
    @Arg('body') body: string,
    @Arg('summary', () => String, { nullable: true }) summary: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<PolicyVersion> {
    return toPolicyVersion(await new PolicyService(ctx).post(body, summary));
  }
}
