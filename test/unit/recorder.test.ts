import { AccessBasis } from '../../src/access/basis';
import { DataCategory } from '../../src/access/categories';
import { mustLog } from '../../src/access/recorder';

describe('what is logged (docs/design.md section 3)', () => {
  test('every BILLING read, and any read that was not allowed by role alone', () => {
    expect(mustLog(DataCategory.BILLING, AccessBasis.ID_VERIFICATION)).toBe(true);
    expect(mustLog(DataCategory.USAGE, AccessBasis.LEGAL_PROCESS)).toBe(true);
    expect(mustLog(DataCategory.USAGE, AccessBasis.ROLE)).toBe(false);
  });
});
