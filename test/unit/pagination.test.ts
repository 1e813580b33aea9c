import { BadInputError } from '../../src/common/errors';
import {
  cursorOrder,
  decodeCursor,
  encodeCursor,
  keysetAfter,
  keysetCondition,
  pageArgs,
  pageSize,
  positionalParams,
} from '../../src/paging/pagination';

const SESSIONS = cursorOrder('test.sessions', 2);
const PAYMENTS = cursorOrder('test.payments', 2);
const IDS = cursorOrder('test.ids', 1);

test('cursors round-trip and malformed ones are refused as bad input', () => {
  const cursor = encodeCursor(SESSIONS, [1767225600000, '42']);
  expect(decodeCursor(cursor, SESSIONS)).toEqual([1767225600000, '42']);
  expect(() => decodeCursor('not-a-cursor', SESSIONS)).toThrow(BadInputError);
  expect(() => decodeCursor(encodeCursor(IDS, ['42']), SESSIONS)).toThrow(BadInputError);
  expect(() => decodeCursor(Buffer.from('[1767225600000,"42"]').toString('base64url'), SESSIONS)).toThrow(
    /is not a cursor this list handed out/,
  );
});

test('a cursor of one list is refused by another of the same arity, naming both', () => {
  const sessionCursor = encodeCursor(SESSIONS, [1767225600000, '42']);
  expect(() => decodeCursor(sessionCursor, PAYMENTS)).toThrow(BadInputError);
  expect(() => decodeCursor(sessionCursor, PAYMENTS)).toThrow(
    'after: is a cursor of another list (test.sessions), not of test.payments',
  );
});

test('first defaults to 20 and is bounded to 1..100', () => {
  expect(pageSize(undefined)).toBe(20);
  expect(pageSize(100)).toBe(100);
  expect(() => pageSize(101)).toThrow(/between 1 and 100/);
  expect(() => pageSize(0)).toThrow(BadInputError);
  expect(pageArgs({}, IDS)).toEqual({ first: 20, after: null, order: IDS });
});

test('a keyset condition compares the order columns lexicographically', () => {
  expect(keysetAfter(['a', 'id'], [5, '9']).sql).toBe('((a < :k0) OR (a = :k0 AND id < :k1))');
  expect(keysetAfter(['a', 'id'], [5, '9']).params).toEqual({ k0: 5, k1: '9' });
});

test('the positional keyset takes its values in the order its placeholders stand', () => {
  expect(keysetCondition(['a', 'b', 'id'], () => '?')).toBe(
    '((a < ?) OR (a = ? AND b < ?) OR (a = ? AND b = ? AND id < ?))',
  );
  expect(positionalParams([5, 6, '9'])).toEqual([5, 5, 6, 5, 6, '9']);
});
