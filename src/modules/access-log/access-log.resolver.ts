import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { toConnection } from '../../paging/connection';
import {
  AccessLogConnection,
  AccessLogEntry,
  AccessLogVerification,
  toAccessLogEntry,
} from './access-log.type';
import { AccessLogReadService } from './access-log-read.service';

@Resolver(() => AccessLogEntry)
export class AccessLogResolver {
  @Query(() => AccessLogConnection, { description: 'Newest first' })
  async accessLog(
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('subscriberId', () => ID, { nullable: true }) subscriberId?: string | null,
    @Arg('actorId', () => String, { nullable: true }) actorId?: string | null,
  ): Promise<AccessLogConnection> {
    const page = await new AccessLogReadService(ctx).list(first, after, subscriberId, actorId);
    return toConnection(AccessLogConnection, page, toAccessLogEntry);
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
