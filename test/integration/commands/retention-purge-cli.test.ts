import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { databaseForFile } from '../../helpers/harness';
import { cancelledMonthsAgo, insertFullAccount } from '../../helpers/lifecycle-fixtures';

const db = databaseForFile();

const root = join(__dirname, '..', '..', '..');

/** `npm run retention:purge` as a terminal runs it (same script, same environment). */
function purgeCommand(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join('src', 'cli', 'retention-purge.ts'), ...args],
    { cwd: root, env: process.env, encoding: 'utf8', timeout: 60_000 },
  );
}

describe('npm run retention:purge', () => {
  test('a dry run prints what it would do; a real run purges and prints a summary; exit 0', async () => {
    const { account, person } = await insertFullAccount(db, cancelledMonthsAgo(13));
    const dry = purgeCommand('--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('dry run');
    expect(dry.stdout).toContain(`would purge     subscriber ${account.id}`);
    expect(dry.stdout).toContain('would purge: 1, skipped on hold: 0, failed: 0');
    const real = purgeCommand();
    expect(real.status).toBe(0);
    expect(real.stdout).toContain(`purged          subscriber ${account.id}`);
    expect(real.stdout).toContain('purged: 1, skipped on hold: 0, failed: 0');
    // Ids only on the terminal, never personal values.
    expect(real.stdout).not.toContain(person.email);
    const [row] = await db.query('SELECT status FROM subscribers WHERE id = ?', [account.id]);
    expect(row.status).toBe('PURGED');
    expect(purgeCommand().stdout).toContain('purged: 0, skipped on hold: 0, failed: 0');
  }, 120_000);

  test('a bad argument exits with 2', () => {
    const bad = purgeCommand('--batch-size', 'lots');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--batch-size');
  }, 60_000);
});
