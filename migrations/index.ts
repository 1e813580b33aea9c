import { Foundation1764000000000 } from './1764000000000-Foundation';
import { AccessLog1764000050000 } from './1764000050000-AccessLog';
import { PrivacyData1764000100000 } from './1764000100000-PrivacyData';
import { Lifecycle1764000300000 } from './1764000300000-Lifecycle';
import { ReportingIndexes1764000400000 } from './1764000400000-ReportingIndexes';
import { RetainedStatus1764000810000 } from './1764000810000-RetainedStatus';
import { ActorIdCollation1764000830000 } from './1764000830000-ActorIdCollation';
import { ReportBuckets1764000840000 } from './1764000840000-ReportBuckets';
import { KeyedAccessLog1764000900000 } from './1764000900000-KeyedAccessLog';
import { PartitionSessions1764000950000 } from './1764000950000-PartitionSessions';
import { ReportRollups1764001100000 } from './1764001100000-ReportRollups';
import { SchemaMetadata1764001200000 } from './1764001200000-SchemaMetadata';
import { SessionsBySubscriber1764001300000 } from './1764001300000-SessionsBySubscriber';
import { TicketsBySubscriber1764001400000 } from './1764001400000-TicketsBySubscriber';
import { SessionsNewestFirst1764001500000 } from './1764001500000-SessionsNewestFirst';
import { RecentSessions1764001600000 } from './1764001600000-RecentSessions';
import { NarrowAccessLog1764001700000 } from './1764001700000-NarrowAccessLog';

/**
 * Every migration, in order. Listed rather than globbed so that the server, the CLI,
 * ts-node and jest load exactly the same set. `npm run migration:generate` writes a new
 * file here; add its class to this list.
 */
export const migrations = [
  Foundation1764000000000,
  AccessLog1764000050000,
  PrivacyData1764000100000,
  Lifecycle1764000300000,
  ReportingIndexes1764000400000,
  RetainedStatus1764000810000,
  ActorIdCollation1764000830000,
  ReportBuckets1764000840000,
  KeyedAccessLog1764000900000,
  PartitionSessions1764000950000,
  ReportRollups1764001100000,
  SchemaMetadata1764001200000,
  SessionsBySubscriber1764001300000,
  TicketsBySubscriber1764001400000,
  SessionsNewestFirst1764001500000,
  RecentSessions1764001600000,
  NarrowAccessLog1764001700000,
];
