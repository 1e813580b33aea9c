import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { config } from '../config';
import { loadEnvFile } from '../env-file';
import { isRole, ALL_ROLES } from '../auth/roles';
import { signToken } from '../auth/token';
import { subjectProblem } from '../auth/subject';

const USAGE = `usage: npm run token -- --role <${ALL_ROLES.join('|')}> --sub <actor or subscriber id> [--ttl 1h]
  --role R   the role claim
  --sub S    the actor id; for CUSTOMER, the subscriber id
  --ttl T    lifetime: 30s, 15m, 1h, 2d (default 1h)
  --help     this text
Signs with JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE from the environment or .env.`;

/**
 * `npm run token -- --role SUPPORT --sub agent-7 [--ttl 1h]`: prints a token signed with
 * the configured JWT_SECRET, for development and operations. For CUSTOMER, --sub is the
 * subscriber id.
 */
async function main(): Promise<number> {
  loadEnvFile();
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string', default: '1h' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!isRole(values.role) || !values.sub) {
    console.error(USAGE);
    return 2;
  }
  // The server would refuse the token (auth/subject.ts): say so now, not at the first request.
  const problem = subjectProblem(values.sub, values.role);
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
  const cfg = config();
  const token = await signToken(
    { secret: cfg.JWT_SECRET, issuer: cfg.JWT_ISSUER, audience: cfg.JWT_AUDIENCE },
    { sub: values.sub, role: values.role },
    values.ttl,
  );
  const { exp, iat } = decodeJwt(token);
  if ((exp ?? 0) - (iat ?? 0) > cfg.JWT_MAX_TTL) {
    console.error(
      `--ttl is longer than JWT_MAX_TTL (${cfg.JWT_MAX_TTL} s): the server would refuse the token`,
    );
    process.exit(2);
  }
  console.log(token);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
