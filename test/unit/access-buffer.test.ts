import { AccessBasis } from '../../src/access/basis';
import { DataCategory } from '../../src/access/categories';
import { AccessLogBuffer } from '../../src/access-log/access-buffer';

test('the buffer keeps one entry per subscriber, category, basis and exception, with every field', () => {
  const buffer = new AccessLogBuffer();
  const note = {
    subscriberId: '1',
    category: DataCategory.BILLING,
    basis: AccessBasis.ID_VERIFICATION,
    operation: 'q',
  };
  buffer.record({ ...note, field: 'Subscriber.billing' });
  buffer.record({ ...note, field: 'Subscriber.payments' });
  buffer.record({ ...note, field: 'Subscriber.billing' });
  buffer.record({ ...note, subscriberId: '2', field: 'Subscriber.billing' });
  buffer.record({
    ...note,
    basis: AccessBasis.LEGAL_PROCESS,
    exceptionId: '9',
    field: 'Subscriber.billing',
  });
  const records = buffer.drain();
  expect(records.map((r) => [r.subscriberId, r.basis, r.disclosureExceptionId, r.fields])).toEqual([
    ['1', 'ID_VERIFICATION', null, ['Subscriber.billing', 'Subscriber.payments']],
    ['2', 'ID_VERIFICATION', null, ['Subscriber.billing']],
    ['1', 'LEGAL_PROCESS', '9', ['Subscriber.billing']],
  ]);
  expect(buffer.drain()).toEqual([]);
});

test('reads that come back to an earlier subscriber join its entry; a drained batch is not reused', () => {
  const buffer = new AccessLogBuffer();
  const note = { category: DataCategory.BILLING, basis: AccessBasis.ID_VERIFICATION, operation: 'q' };
  buffer.record({ ...note, subscriberId: '1', field: 'Payment.amountCents' });
  buffer.record({ ...note, subscriberId: '2', field: 'Payment.amountCents' });
  buffer.record({ ...note, subscriberId: '1', field: 'Payment.paidAt' });
  buffer.record({ ...note, subscriberId: '1', field: 'Payment.paidAt' });
  expect(buffer.drain().map((r) => [r.subscriberId, r.fields])).toEqual([
    ['1', ['Payment.amountCents', 'Payment.paidAt']],
    ['2', ['Payment.amountCents']],
  ]);
  buffer.record({ ...note, subscriberId: '1', field: 'Subscriber.billing' });
  expect(buffer.drain().map((r) => [r.subscriberId, r.fields])).toEqual([['1', ['Subscriber.billing']]]);
});
