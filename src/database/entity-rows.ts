import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Rows read in plain SQL, as entities: hot reads (the dashboard's subscriber page, the
 * billing page's profiles) skip TypeORM's query builder and its raw-results transformer,
 * which cost more than the rows (docs/performance.md, "Fifth round" and "Sixth round"),
 * and keep the entity's own column names and embedded objects through its metadata.
 */

/** The columns whose property path is one of `properties` or lies under one (`address`). */
function columnsOf<E extends ObjectLiteral>(db: DataSource, entity: EntityTarget<E>, properties?: string[]) {
  const { columns } = db.getMetadata(entity);
  if (!properties) return columns;
  return columns.filter((column) =>
    properties.some((p) => column.propertyPath === p || column.propertyPath.startsWith(`${p}.`)),
  );
}

/** The SELECT list of those columns, by their database names, under `alias`. */
export function selectColumns<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  properties: string[],
  alias: string,
): string {
  return columnsOf(db, entity, properties)
    .map((column) => `${alias}.${column.databaseName}`)
    .join(', ');
}

/** Raw rows as entities; columns the rows do not hold stay unset. */
export function toEntities<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  rows: Record<string, unknown>[],
  properties?: string[],
): E[] {
  const metadata = db.getMetadata(entity);
  const columns = columnsOf(db, entity, properties);
  return rows.map((row) => {
    const created = metadata.create() as E;
    // setEntityValue places embedded columns (an address) in their embedded object.
    for (const column of columns) column.setEntityValue(created, row[column.databaseName]);
    return created;
  });
}
