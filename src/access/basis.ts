import { registerEnumType } from 'type-graphql';

/** On which ground a read was allowed (recorded in the access log, served by `billingAccess`). */
export enum AccessBasis {
  ROLE = 'ROLE',
  ID_VERIFICATION = 'ID_VERIFICATION',
  LEGAL_PROCESS = 'LEGAL_PROCESS',
  PROTECT_RIGHTS = 'PROTECT_RIGHTS',
  EMERGENCY = 'EMERGENCY',
}
registerEnumType(AccessBasis, { name: 'AccessBasis' });
