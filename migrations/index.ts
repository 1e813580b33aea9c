import { Foundation1764000000000 } from './1764000000000-Foundation';
import { AccessLog1764000050000 } from './1764000050000-AccessLog';
import { PrivacyData1764000100000 } from './1764000100000-PrivacyData';
import { Lifecycle1764000300000 } from './1764000300000-Lifecycle';
import { ReportingIndexes1764000400000 } from './1764000400000-ReportingIndexes';
import { RetainedStatus1764000810000 } from './1764000810000-RetainedStatus';

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
];
