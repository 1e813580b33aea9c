import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { authenticate, TokenSettings, verificationKey } from '../../src/auth/token';

/** Finding 5 of issue 10: lifetimes, future `iat`, and one signature spelled many ways. */
const settings: TokenSettings = {
  secret: 'token-hygiene-secret-0123456789-abcdefghij',
  issuer: 'kacmac',
  audience: 'kacmac-api',
  maxTtlSeconds: 12 * 3600,
};
const key = new TextEncoder().encode(settings.secret);
const now = () => Math.floor(Date.now() / 1000);

function mint(claims: { iat?: number | null; exp: number }) {
  const jwt = new SignJWT({ role: 'SUPPORT' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('agent-7')
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setExpirationTime(claims.exp);
  if (claims.iat !== null) jwt.setIssuedAt(claims.iat ?? now());
  return jwt.sign(key);
}

const reasonOf = async (token: string) => {
  const auth = await authenticate(`Bearer ${token}`, settings);
  return auth.identity ? 'ACCEPTED' : auth.tokenError?.reason;
};

test('an ordinary token is accepted', async () => {
  expect(await reasonOf(await mint({ exp: now() + 3600 }))).toBe('ACCEPTED');
  expect(await reasonOf(await mint({ iat: null, exp: now() + 3600 }))).toBe('ACCEPTED');
  // Exactly the longest lifetime allowed, and a clock 30 s ahead of ours.
  expect(await reasonOf(await mint({ exp: now() + 12 * 3600 }))).toBe('ACCEPTED');
  expect(await reasonOf(await mint({ iat: now() + 30, exp: now() + 3600 }))).toBe('ACCEPTED');
});

test('exp in the year 9999 is refused: longer than JWT_MAX_TTL', async () => {
  const year9999 = Math.floor(Date.UTC(9999, 0, 1) / 1000);
  expect(await reasonOf(await mint({ exp: year9999 }))).toBe('TOKEN_INVALID');
  expect(await reasonOf(await mint({ iat: null, exp: year9999 }))).toBe('TOKEN_INVALID');
  expect(await reasonOf(await mint({ exp: now() + 12 * 3600 + 120 }))).toBe('TOKEN_INVALID');
});

test('a shorter JWT_MAX_TTL is honoured', async () => {
  const token = await mint({ exp: now() + 3600 });
  const auth = await authenticate(`Bearer ${token}`, { ...settings, maxTtlSeconds: 600 });
  expect(auth.tokenError?.reason).toBe('TOKEN_INVALID');
});

test('iat a day in the future is refused (and more than 60 s)', async () => {
  expect(await reasonOf(await mint({ iat: now() + 86400, exp: now() + 86400 + 600 }))).toBe('TOKEN_INVALID');
  expect(await reasonOf(await mint({ iat: now() + 120, exp: now() + 600 }))).toBe('TOKEN_INVALID');
});

test('an expired token still says TOKEN_EXPIRED', async () => {
  expect(await reasonOf(await mint({ iat: now() - 7200, exp: now() - 3600 }))).toBe('TOKEN_EXPIRED');
});

describe('one signature, one spelling', () => {
  let token: string;
  beforeAll(async () => {
    token = await mint({ exp: now() + 3600 });
  });

  test('the same token with "==" appended is refused', async () => {
    expect(await reasonOf(`${token}==`)).toBe('TOKEN_INVALID');
    expect(await reasonOf(`${token}=`)).toBe('TOKEN_INVALID');
  });

  test('a signature whose unused trailing bits differ is refused', async () => {
    const [h, p, s] = token.split('.');
    // 32 bytes are 43 base64url characters; the last carries 4 bits and 2 unused ones.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(s[s.length - 1]);
    const twin = s.slice(0, -1) + alphabet[last ^ 1];
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true);
    expect(await reasonOf(`${h}.${p}.${twin}`)).toBe('TOKEN_INVALID');
  });

  test('standard base64 characters or padding in the header or payload are refused', async () => {
    const [h, p, s] = token.split('.');
    expect(await reasonOf(`${h}=.${p}.${s}`)).toBe('TOKEN_INVALID');
    expect(await reasonOf(`${h}.${p}==.${s}`)).toBe('TOKEN_INVALID');
    expect(await reasonOf(`${h}.${p}.${s}.`)).toBe('TOKEN_INVALID');
  });
});

test('npm run token refuses to mint a token longer-lived than JWT_MAX_TTL', () => {
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/cli/token.ts',
      '--role',
      'SUPPORT',
      '--sub',
      'x',
      '--ttl',
      '2d',
    ],
    {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, JWT_MAX_TTL: '12h' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('JWT_MAX_TTL');
  expect(result.stdout).toBe('');
}, 90_000);

test("the secret's key is made once, and a token signed with another secret is still refused", async () => {
  expect(verificationKey(settings.secret)).toBe(verificationKey(settings.secret));
  expect(verificationKey(`${settings.secret}-rotated`)).not.toBe(verificationKey(settings.secret));
  const token = await mint({ exp: now() + 3600 });
  expect(await reasonOf(token)).toBe('ACCEPTED');
  const other = await authenticate(`Bearer ${token}`, { ...settings, secret: `${settings.secret}-rotated` });
  expect(other.tokenError?.reason).toBe('TOKEN_INVALID');
  // Keys of many secrets do not pile up.
  for (let i = 0; i < 10; i++) verificationKey(`${settings.secret}-${i}`);
  expect(await reasonOf(token)).toBe('ACCEPTED');
});
