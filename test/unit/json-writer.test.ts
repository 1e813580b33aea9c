import { JsonDocumentWriter } from '../../src/modules/export/json-writer';

test('the writer builds the same document JSON.stringify would', () => {
  const out = new JsonDocumentWriter().openObject();
  out.value('2026-01-01', 'at').openArray('rows');
  for (const row of [{ a: 1 }, { a: 'x"y' }]) out.value(row);
  out.closeArray().openArray('empty').closeArray().openObject('nested').value(null, 'n').closeObject();
  out.closeObject();
  expect(JSON.parse(out.toString())).toEqual({
    at: '2026-01-01',
    rows: [{ a: 1 }, { a: 'x"y' }],
    empty: [],
    nested: { n: null },
  });
});
