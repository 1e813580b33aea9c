import { DataSource, EntityManager, QueryRunner, ReplicationMode } from 'typeorm';
import type { RequestStore } from '../common/request-store';

const ROOT = Symbol('the shared data source');
const STORE = Symbol('the request store');

interface RequestView {
  [ROOT]: DataSource;
  [STORE]: RequestStore;
}

/**
 * The data source as one request sees it: the shared pool, with every query runner it
 * creates (its own statements, its repositories', query builders', transactions') marked
 * with the request's store, so src/database/sql-logger.ts counts the request's statements
 * from the runner TypeORM hands it. Costs one object and one EntityManager per request.
 */
export function requestDataSource(db: DataSource, store: RequestStore): DataSource {
  const root = rootDataSource(db);
  const view = Object.create(root) as DataSource & RequestView;
  view[ROOT] = root;
  view[STORE] = store;
  view.createQueryRunner = (mode?: ReplicationMode) => markRunner(root.createQueryRunner(mode), store);
  Object.defineProperty(view, 'manager', { value: new EntityManager(view) });
  return view;
}

/** The shared data source behind a request's view (or the data source itself). */
export function rootDataSource(db: DataSource): DataSource {
  return (db as Partial<RequestView>)[ROOT] ?? db;
}

/** The request a data source view belongs to, if it is one. */
export function requestOfDataSource(db: DataSource): RequestStore | undefined {
  return (db as Partial<RequestView>)[STORE];
}

function markRunner(runner: QueryRunner, store: RequestStore): QueryRunner {
  runner.data = { ...runner.data, [STORE]: store };
  return runner;
}

/** The request whose statement a runner runs (undefined: the server's own work). */
export function requestOfRunner(runner: QueryRunner | undefined): RequestStore | undefined {
  return (runner?.data as Partial<RequestView> | undefined)?.[STORE];
}
