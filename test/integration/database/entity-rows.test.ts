import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { harnessForFile } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { selectColumns, toEntities } from '../../../src/database/entity-rows';
import { SubscriberEntity } from '../../../src/modules/subscriber/subscriber.entity';
import { PostalAddressColumns } from '../../../src/modules/subscriber/postal-address.entity';

/**
 * Rows read in plain SQL become entities (database/entity-rows.ts) exactly as TypeORM
 * would make them, embedded address included, without TypeORM's per-column setter: for
 * each column of each row it copied the embedded path into a new array and made a
 * closure, 97 kB of a dashboard page's 1 339 kB (docs/performance.md, "Eleventh round").
 */
const h = harnessForFile();

async function readRows(ids: string[]): Promise<Record<string, unknown>[]> {
  return h.db.query(
    `SELECT ${selectColumns(h.db, SubscriberEntity, ['id', 'name', 'address', 'createdAt'], 's')}
       FROM subscribers s WHERE s.id IN (?) ORDER BY s.id`,
    [ids],
  );
}

test('entities carry the selected columns, the address as its embedded class, and no other value', async () => {
  const first = await insertSubscriber(h.db, { name: 'Ada Row' });
  const second = await insertSubscriber(h.db, { name: null });
  const rows = await readRows([first.id, second.id]);
  const entities = toEntities(h.db, SubscriberEntity, rows, ['id', 'name', 'address', 'createdAt']);

  // What TypeORM's own mapping makes of the same rows.
  const metadata = h.db.getMetadata(SubscriberEntity);
  const expected = rows.map((row) => {
    const entity = metadata.create() as SubscriberEntity;
    for (const column of metadata.columns) {
      if (column.databaseName in row) column.setEntityValue(entity, row[column.databaseName]);
    }
    return entity;
  });
  expect(entities).toEqual(expected);
  for (const entity of entities) {
    expect(entity).toBeInstanceOf(SubscriberEntity);
    expect(entity.address).toBeInstanceOf(PostalAddressColumns);
    expect(entity.createdAt).toBeInstanceOf(Date);
    // Columns not read stay unset.
    expect([entity.email, entity.status, entity.cancelledAt]).toEqual([undefined, undefined, undefined]);
  }
  expect(entities.map((e) => e.name)).toEqual(['Ada Row', null]);
  expect(entities[0].address.city).toBe(rows[0].address_city);
});

test('every column when no property is named, each row an entity of its own', async () => {
  const row = await insertSubscriber(h.db);
  const [raw] = await h.db.query('SELECT * FROM subscribers WHERE id = ?', [row.id]);
  const [a, b] = toEntities(h.db, SubscriberEntity, [raw, raw]);
  expect(a).not.toBe(b);
  expect(a.address).not.toBe(b.address);
  expect(a).toEqual(b);
  expect(a.accountNumber).toBe(raw.account_number);
  expect(a.address.postalCode).toBe(raw.address_postal_code);
});

test("rows are mapped without TypeORM's per-column setter", async () => {
  const row = await insertSubscriber(h.db);
  const rows = await readRows([row.id]);
  const setter = jest.spyOn(ColumnMetadata.prototype, 'setEntityValue');
  try {
    toEntities(h.db, SubscriberEntity, rows, ['id', 'name', 'address', 'createdAt']);
    expect(setter).not.toHaveBeenCalled();
  } finally {
    setter.mockRestore();
  }
});
