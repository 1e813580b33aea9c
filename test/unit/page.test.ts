import { cursorOrder, decodeCursor, encodeCursor } from '../../src/paging/pagination';
import { RowPage } from '../../src/paging/page';

const IDS = cursorOrder('test.page.ids', 1);
const count = () => Promise.resolve(3);

test('a page fetched with one extra row says a next page exists, its cursors carrying the order', () => {
  const page = new RowPage([3, 2, 1], { first: 2, order: IDS }, (n) => [n], count);
  expect(page.rows).toEqual([3, 2]);
  expect(page.hasNextPage).toBe(true);
  expect(page.cursorOf(3)).toBe(encodeCursor(IDS, [3]));
  expect(page.endCursor).toBe(encodeCursor(IDS, [2]));
  expect(decodeCursor(page.endCursor!, IDS)).toEqual([2]);
});

test('the last page has no next one; an empty page has no end cursor', () => {
  const last = new RowPage([2, 1], { first: 2, order: IDS }, (n) => [n], count);
  expect(last.rows).toEqual([2, 1]);
  expect(last.hasNextPage).toBe(false);
  const empty = new RowPage<number>([], { first: 2, order: IDS }, (n) => [n], count);
  expect(empty.hasNextPage).toBe(false);
  expect(empty.endCursor).toBeNull();
});

test('the total count runs only when called', async () => {
  const total = jest.fn(count);
  const page = new RowPage([1], { first: 2, order: IDS }, (n) => [n], total);
  expect(total).not.toHaveBeenCalled();
  await expect(page.totalCount()).resolves.toBe(3);
  expect(total).toHaveBeenCalledTimes(1);
});
