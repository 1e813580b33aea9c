import { Role } from '../../../src/auth/roles';
import { harnessForFile } from '../../helpers/harness';

/**
 * The served schema behind the compiled execution (src/http/compiled-execution.ts): a string
 * literal that carries graphql-jit's Date marker is a search text like any other, and no
 * part of it runs in the server.
 */
const h = harnessForFile();
const MARKER = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
const probe = globalThis as { compiledLiteralsProbe?: number };

test('a search literal with the compiler’s Date marker is searched for, not run', async () => {
  const text = `${MARKER}0+(globalThis.compiledLiteralsProbe=1)`;
  const result = await h.run<{ subscribers: { totalCount: number } }>(
    `{ subscribers(first: 1, filter: { search: "${text}" }) { totalCount } }`,
    { token: await h.token(Role.ADMIN) },
  );
  expect(probe.compiledLiteralsProbe).toBeUndefined();
  expect(result.errors).toBeUndefined();
  expect(result.data?.subscribers.totalCount).toBe(0);
});
