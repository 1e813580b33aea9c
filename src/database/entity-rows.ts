import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EmbeddedMetadata } from 'typeorm/metadata/EmbeddedMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

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

/**
 * Where one column's value goes in an entity: the embedded objects on the way (outermost
 * first, each made as TypeORM makes it) and the property. A column TypeORM places some
 * other way (a relation's id held under a virtual column) keeps TypeORM's own setter.
 */
interface Placement {
  databaseName: string;
  embeddeds: readonly EmbeddedMetadata[];
  propertyName: string;
  setter: ColumnMetadata | null;
}

function placementOf(column: ColumnMetadata): Placement {
  const placesItself =
    column.embeddedMetadata ||
    column.entityMetadata.isJunction ||
    !column.isVirtual ||
    !column.referencedColumn ||
    column.referencedColumn.propertyName === column.propertyName;
  return {
    databaseName: column.databaseName,
    embeddeds: column.embeddedMetadata ? [...column.embeddedMetadata.embeddedMetadataTree] : [],
    propertyName: column.propertyName,
    setter: placesItself ? null : column,
  };
}

/** The placements of each entity's columns, by the properties asked for. */
const placements = new WeakMap<EntityMetadata, Map<string, Placement[]>>();

function placementsOf<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  properties?: string[],
): Placement[] {
  const metadata = db.getMetadata(entity);
  let byProperties = placements.get(metadata);
  if (!byProperties) placements.set(metadata, (byProperties = new Map()));
  const key = properties ? properties.join(',') : '*';
  let placed = byProperties.get(key);
  if (!placed) byProperties.set(key, (placed = columnsOf(db, entity, properties).map(placementOf)));
  return placed;
}

/**
 * Raw rows as entities; columns the rows do not hold stay unset. The same objects as
 * TypeORM's `ColumnMetadata.setEntityValue` makes (test/integration/database/entity-rows.test.ts),
 * placed by a list worked out once per entity and property list: the setter copied the
 * column's embedded path into a new array and made a closure for every column of every
 * row, a dashboard page's largest allocation after the compiled operation's own
 * (docs/performance.md, "Eleventh round").
 */
export function toEntities<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  rows: Record<string, unknown>[],
  properties?: string[],
): E[] {
  const metadata = db.getMetadata(entity);
  const placed = placementsOf(db, entity, properties);
  return rows.map((row) => {
    const created = metadata.create() as Record<string, unknown>;
    for (const { databaseName, embeddeds, propertyName, setter } of placed) {
      const value = row[databaseName];
      if (setter) {
        setter.setEntityValue(created, value);
        continue;
      }
      let target = created;
      for (const embedded of embeddeds) {
        target = (target[embedded.propertyName] ??= embedded.create()) as Record<string, unknown>;
      }
      target[propertyName] = value;
    }
    return created as E;
  });
}
