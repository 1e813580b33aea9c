import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Reads `.env` from the working directory into `process.env`, when there is one, as
 * `node --env-file-if-exists` would. A variable already set in the environment keeps
 * its value: the explicit environment always wins over the file. The server and every
 * command call this before reading their configuration; the tests do not, so a
 * developer's `.env` never changes what a test sees.
 */
export function loadEnvFile(path = resolve(process.cwd(), '.env')): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
