import 'reflect-metadata';
import { ensureDatabase, migrateWithLock, dropDatabase } from '../../src/database/bootstrap';
import { createDataSource } from '../../src/data-source';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/logger';
import { Role } from '../../src/auth/roles';
import { DataExportService } from '../../src/modules/export/data-export.service';
import { buildSchema } from '../../src/schema';
import { actorOf, appendAccessLogNow } from '../../src/access-log/access-log.service';
import { RetentionPurge } from '../../src/modules/retention/purge.service';

const SESSIONS = Number(process.env.SESSIONS ?? 100_000);

/**
 * Figures for the data export and the purge of one account with a long history
 * (`npm run bench:lifecycle`). Works in a database of its own, created and dropped here,
 * on the server of BENCH_DATABASE_SERVER (default: local MariaDB as root).
 */
const server = (process.env.BENCH_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
const url = `${server}/kacmac_bench_lifecycle`;

async function main() {
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to run with NODE_ENV=production');
  await ensureDatabase(url);
  const db = createDataSource({ url, poolSize: 2, replicaUrls: [] });
  await db.initialize();
  try {
    await migrateWithLock(db);
    const [s] = await db.query(
      `INSERT INTO subscribers (account_number, status, name, email, created_at, cancelled_at)
       VALUES ('KM0000000018', 'CANCELLED', 'Bench', 'bench@example.test', NOW(3), NOW(3) - INTERVAL 13 MONTH) RETURNING id`,
    );
    const base = Date.UTC(2020, 0, 1);
    for (let i = 0; i < SESSIONS; i += 5000) {
      const rows = Array.from({ length: Math.min(5000, SESSIONS - i) }, (_, j) => [
        s.id,
        new Date(base + (i + j) * 60_000),
        (i + j) % 2 ? `198.51.${(i + j) % 250}.${(j % 250) + 1}` : `2001:db8:${(i + j) % 999}::${j % 999}`,
      ]);
      await db.query(`INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES ?`, [rows]);
    }
    const schema = buildSchema(); // built once at start in the server, not per export
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const ctx = createContext({
      requestId: 'bench',
      auth: { identity: { actorId: String(s.id), role: Role.CUSTOMER } },
      db,
      log: createLogger('silent'),
    });
    let t = Date.now();
    const exported = await new DataExportService(ctx, schema).export();
    // As served: the request's access-log entries are written before the response leaves.
    await appendAccessLogNow(db, actorOf(ctx.identity!), ctx.requestId, ctx.accessLog.drain());
    clearInterval(sampler);
    console.log(
      `export: ${SESSIONS} sessions, ${(exported.json.length / 1e6).toFixed(1)} MB JSON, ${Date.now() - t} ms, ` +
        `heap peak +${((peak - before) / 1e6).toFixed(1)} MB`,
    );
    t = Date.now();
    const outcome = await new RetentionPurge(db, {
      dryRun: false,
      actor: { actorId: 'bench', role: Role.ADMIN },
      requestId: 'bench',
    }).run();
    console.log(`purge: ${outcome.purged.length} account with ${SESSIONS} sessions in ${Date.now() - t} ms`);
  } finally {
    await db.destroy();
    await dropDatabase(url);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
