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
  expect(connection.edges.map(({ cursor, node }) => ({ cursor, node }))).toEqual([
    { cursor: encodeCursor(IDS, [3]), node: 'node 3' },
    { cursor: encodeCursor(IDS, [2]), node: 'node 2' },
  ]);
  expect(toNode).toHaveBeenCalledTimes(2);
  expect(connection.pageInfo).toBeInstanceOf(PageInfo);
  expect(connection.pageInfo).toMatchObject({ hasNextPage: true, endCursor: encodeCursor(IDS, [2]) });
  await expect(connection.totalCount()).resolves.toBe(7);
});

test('cursors are encoded only when read, and the last one once for the edge and endCursor', () => {
  const positionOf = jest.fn((n: number) => [n]);
  const page = new RowPage([5, 4, 3], { first: 3, order: IDS }, positionOf, () => Promise.resolve(3));
  const connection = toConnection(NumberConnection, page, String);
  expect(connection.edges.map((edge) => edge.node)).toEqual(['5', '4', '3']);
  expect(positionOf).not.toHaveBeenCalled();
  expect(connection.pageInfo.endCursor).toBe(encodeCursor(IDS, [3]));
  expect(connection.edges[2].cursor).toBe(encodeCursor(IDS, [3]));
  expect(positionOf).toHaveBeenCalledTimes(1);
  // As the default field resolver and JSON read them: plain enumerable values.
  expect(JSON.parse(JSON.stringify(connection.pageInfo))).toEqual({
    hasNextPage: false,
    endCursor: encodeCursor(IDS, [3]),
  });
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
