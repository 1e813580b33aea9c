import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { AccessBasis } from '../../access/basis';
import { Category, DataCategory } from '../../access/categories';
import { connectionTypes } from '../../paging/connection';
import type { AccessLogEntity } from '../../access-log/access-log.entity';
import { toChainedEntry } from '../../access-log/access-log.service';

/** One access-log entry (COMPLIANCE): read-only; no mutation changes or deletes one. */
@ObjectType({ simpleResolvers: true })
@Category(DataCategory.COMPLIANCE)
export class AccessLogEntry {
  @Field(() => ID)
  @Category(DataCategory.COMPLIANCE)
  id: string;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  at: Date;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  requestId: string;

  @Field()
  @Category(DataCategory.COMPLIANCE)
  actorId: string;

  @Field(() => Role)
  @Category(DataCategory.COMPLIANCE)
  actorRole: Role;

  @Field(() => ID, { nullable: true })
  @Category(DataCategory.COMPLIANCE)
  subscriberId: string | null;

  @Field(() => DataCategory)
  @Category(DataCategory.COMPLIANCE)
  category: DataCategory;

  @Field(() => [String])
  @Category(DataCategory.COMPLIANCE)
  fields: string[];

  @Field(() => AccessBasis)
  @Category(DataCategory.COMPLIANCE)
  basis: AccessBasis;

  @Field(() => ID, { nullable: true })
  @Category(DataCategory.COMPLIANCE)
  disclosureExceptionId: string | null;

  @Field(() => String, { nullable: true, description: 'The query/mutation name or action' })
  @Category(DataCategory.COMPLIANCE)
  operation: string | null;

  @Field({
    description: 'HMAC-SHA256 (sha-256 for entries older than the keyed log) chained over the previous entry',
  })
  @Category(DataCategory.COMPLIANCE)
  hash: string;
}

@ObjectType({ simpleResolvers: true })
@Category(DataCategory.COMPLIANCE)
export class AccessLogVerification {
  @Field()
  @Category(DataCategory.COMPLIANCE)
  ok: boolean;

  @Field(() => Int)
  @Category(DataCategory.COMPLIANCE)
  checked: number;

  @Field(() => ID, { nullable: true, description: 'The first entry where the chain breaks' })
  @Category(DataCategory.COMPLIANCE)
  firstBrokenId: string | null;
}

const types = connectionTypes(AccessLogEntry, 'AccessLog');
export const AccessLogEdge = types.Edge;
export const AccessLogConnection = types.Connection;
export type AccessLogConnection = InstanceType<typeof AccessLogConnection>;

export function toAccessLogEntry(row: AccessLogEntity): AccessLogEntry {
  return Object.assign(new AccessLogEntry(), { ...toChainedEntry(row), hash: row.hash });
}
