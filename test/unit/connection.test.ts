import { ConnectionShape, Edge, PageInfo, toConnection } from '../../src/paging/connection';
import { cursorOrder, encodeCursor } from '../../src/paging/pagination';
import { RowPage } from '../../src/paging/page';

const IDS = cursorOrder('test.connection.ids', 1);

class NumberConnection implements ConnectionShape<string> {
  constructor(
    readonly edges: Edge<string>[],
    readonly pageInfo: PageInfo,
    readonly totalCount: () => Promise<number>,
  ) {}
}

test('a row page becomes a connection: each row mapped once, cursors and page info kept', async () => {
  const toNode = jest.fn((n: number) => `node ${n}`);
  const page = new RowPage(
    [3, 2, 1],
    { first: 2, order: IDS },
    (n) => [n],
    () => Promise.resolve(7),
  );
  const connection = toConnection(NumberConnection, page, toNode);
  expect(connection).toBeInstanceOf(NumberConnection);
  expect(connection.edges).toEqual([
    { cursor: encodeCursor(IDS, [3]), node: 'node 3' },
    { cursor: encodeCursor(IDS, [2]), node: 'node 2' },
  ]);
  expect(toNode).toHaveBeenCalledTimes(2);
  expect(connection.pageInfo).toBeInstanceOf(PageInfo);
  expect(connection.pageInfo).toMatchObject({ hasNextPage: true, endCursor: encodeCursor(IDS, [2]) });
  await expect(connection.totalCount()).resolves.toBe(7);
});

test('an empty page is an empty connection without an end cursor', () => {
  const page = new RowPage<number>(
    [],
    { first: 2, order: IDS },
    (n) => [n],
    () => Promise.resolve(0),
  );
  const connection = toConnection(NumberConnection, page, String);
  expect(connection.edges).toEqual([]);
  expect(connection.pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
});
