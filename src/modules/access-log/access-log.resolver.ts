import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { AccessLogConnection, AccessLogEntry, AccessLogVerification } from './access-log.type';
import { AccessLogReadService } from './access-log-read.service';

@Resolver(() => AccessLogEntry)
export class AccessLogResolver {
  @Query(() => AccessLogConnection, { description: 'Newest first' })
  accessLog(
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('subscriberId', () => ID, { nullable: true }) subscriberId?: string | null,
    @Arg('actorId', () => String, { nullable: true }) actorId?: string | null,
  ): Promise<AccessLogConnection> {
    return new AccessLogReadService(ctx).list(first, after, subscriberId, actorId);
  }

  @Query(() => AccessLogVerification, { description: 'Recomputes the whole hash chain' })
  async verifyAccessLog(
    @Ctx() ctx: AppContext,
    @Arg('anchor', () => String, {
      nullable: true,
      description: 'A signed head printed by `npm run access-log:anchor`: the log must still hold it',
    })
    anchor?: string | null,
  ): Promise<AccessLogVerification> {
    const { ok, checked, firstBrokenId } = await new AccessLogReadService(ctx).verify(anchor);
    return Object.assign(new AccessLogVerification(), { ok, checked, firstBrokenId });
  }
}
