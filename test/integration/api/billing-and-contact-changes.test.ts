import { Role } from '../../../src/auth/roles';
import { MINUTE_MS } from '../../../src/common/clock';
import { startHarness, Harness, resetData, errorOf } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { entriesSince, insertVerification, logMark } from '../../helpers/privacy-fixtures';

/** updateBillingInfo, updateContactInfo and recordIdentityVerification (docs/design.md section 2). */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
});
afterAll(() => h.close());

const CARD = '4111 1111-1111 1111';
const CARD_DIGITS = '4111111111111111';

const UPDATE_BILLING = `mutation B($id: ID!, $input: BillingInfoInput!) {
  updateBillingInfo(subscriberId: $id, input: $input) { cardBrand cardLast4 cardExpiry maskedCardNumber billingAddress { country } }
}`;
const RECORD = `mutation V($input: IdentityVerificationInput!) {
  recordIdentityVerification(input: $input) { id documentType verifiedBy grantedTo verifiedAt validUntil }
}`;
const UPDATE_CONTACT = `mutation C($id: ID!, $input: ContactInfoInput!) {
  updateContactInfo(subscriberId: $id, input: $input) { email phone address { country } }
}`;

const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'us' };

describe('updateBillingInfo', () => {
  test('stores brand, last 4 and expiry; the card number is in no column of any table', async () => {
    const s = await insertSubscriber(h.db);
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'billing-7' });
    const token = await h.token(Role.BILLING, 'billing-7');
    const mark = await logMark(h.db);
    const result = await h.run(UPDATE_BILLING, {
      token,
      variables: { id: s.id, input: { cardNumber: CARD, cardExpiry: '12/39', billingAddress: address } },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateBillingInfo).toEqual({
      cardBrand: 'VISA',
      cardLast4: '1111',
      cardExpiry: '12/39',
      maskedCardNumber: '**** **** **** 1111',
      billingAddress: { country: 'US' },
    });
    const gained = await entriesSince(h.db, mark);
    expect(gained.map((e) => [e.operation, e.category, e.basis, e.fields])).toEqual([
      ['updateBillingInfo', 'BILLING', 'ID_VERIFICATION', ['billingAddress', 'cardExpiry', 'cardNumber']],
      [
        'updateBillingInfo',
        'BILLING',
        'ID_VERIFICATION',
        [
          'BillingProfile.billingAddress',
          'BillingProfile.cardBrand',
          'BillingProfile.cardExpiry',
          'BillingProfile.cardLast4',
          'BillingProfile.maskedCardNumber',
        ],
      ],
    ]);
    const columns: { t: string; c: string }[] = await h.db.query(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE()`,
    );
    for (const { t, c } of columns) {
      const [row] = await h.db.query(
        `SELECT COUNT(*) AS n FROM \`${t}\` WHERE CAST(\`${c}\` AS CHAR) LIKE ? OR CAST(\`${c}\` AS CHAR) LIKE ?`,
        [`%${CARD_DIGITS}%`, `%${CARD}%`],
      );
      expect([t, c, Number(row.n)]).toEqual([t, c, 0]);
    }
    const [stored] = await h.db.query(
      'SELECT card_ciphertext, card_key_id FROM billing_profiles WHERE subscriber_id = ?',
      [s.id],
    );
    expect(stored.card_key_id).toBe('k1');
    expect(stored.card_ciphertext).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  test.each([
    ['4111 1111 1111 1112', '12/39', 'INVALID_CARD_NUMBER', 'input.cardNumber'],
    ['4111 1111 111', '12/39', 'INVALID_CARD_NUMBER', 'input.cardNumber'],
    ['4111x1111x1111x1111', '12/39', 'INVALID_CARD_NUMBER', 'input.cardNumber'],
    [CARD, '13/39', 'INVALID_EXPIRY', 'input.cardExpiry'],
    [CARD, '01/20', 'INVALID_EXPIRY', 'input.cardExpiry'],
    [CARD, '2039-12', 'INVALID_EXPIRY', 'input.cardExpiry'],
  ])('%s %s → %s, without echoing the number', async (cardNumber, cardExpiry, reason, field) => {
    const s = await insertSubscriber(h.db);
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'billing-7' });
    const result = await h.run(UPDATE_BILLING, {
      token: await h.token(Role.BILLING, 'billing-7'),
      variables: { id: s.id, input: { cardNumber, cardExpiry } },
    });
    expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason, field });
    expect(JSON.stringify(result.errors)).not.toContain(cardNumber.replace(/\D/g, '').slice(0, 8));
  });

  test('a card number sent as a number is refused without being echoed', async () => {
    const s = await insertSubscriber(h.db);
    const result = await h.run(UPDATE_BILLING, {
      token: await h.token(Role.BILLING, 'billing-7'),
      variables: { id: s.id, input: { cardNumber: Number(CARD_DIGITS), cardExpiry: '12/39' } },
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors)).not.toMatch(/41111111/);
  });

  test('needs a verification granted to the caller; an ACTIVE exception does not authorise a change', async () => {
    const s = await insertSubscriber(h.db);
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'someone-else' });
    await h.db.query(
      `INSERT INTO disclosure_exceptions (subscriber_id, basis, reference, justification, categories, status, requested_by, valid_until, created_at)
       VALUES (?, 'LEGAL_PROCESS', 'C', 'J', 'BILLING,CONTACT', 'ACTIVE', 'admin-7', ?, ?)`,
      [s.id, new Date(Date.now() + 3_600_000), new Date()],
    );
    const mark = await logMark(h.db);
    const result = await h.run(UPDATE_BILLING, {
      token: await h.token(Role.ADMIN, 'admin-7'),
      variables: { id: s.id, input: { cardNumber: CARD, cardExpiry: '12/39' } },
    });
    expect(errorOf(result)).toMatchObject({ code: 'FORBIDDEN', reason: 'ID_VERIFICATION_REQUIRED' });
    expect(await entriesSince(h.db, mark)).toEqual([]);
    const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM billing_profiles WHERE subscriber_id = ?', [
      s.id,
    ]);
    expect(Number(n)).toBe(0);
  });

  test('SUPPORT may not change billing; a customer aiming at another account gets NOT_FOUND', async () => {
    const s = await insertSubscriber(h.db);
    const other = await insertSubscriber(h.db);
    const input = { cardNumber: CARD, cardExpiry: '12/39' };
    const support = await h.run(UPDATE_BILLING, {
      token: await h.token(Role.SUPPORT),
      variables: { id: s.id, input },
    });
    expect(errorOf(support)?.reason).toBe('ROLE_NOT_PERMITTED');
    const customer = await h.run(UPDATE_BILLING, {
      token: await h.token(Role.CUSTOMER, other.id),
      variables: { id: s.id, input },
    });
    expect(errorOf(customer)?.reason).toBe('NOT_FOUND');
  });
});

describe('recordIdentityVerification and the customer app', () => {
  test('granted to the subscriber, it unlocks the customer app for reads and changes', async () => {
    const s = await insertSubscriber(h.db);
    const customer = await h.token(Role.CUSTOMER, s.id);
    const before = await h.run(`{ me { billingAccess { granted reason } } }`, { token: customer });
    expect(before.data?.me).toEqual({
      billingAccess: { granted: false, reason: 'ID_VERIFICATION_REQUIRED' },
    });

    const mark = await logMark(h.db);
    const recorded = await h.run<{ recordIdentityVerification: Record<string, string> }>(RECORD, {
      token: await h.token(Role.SUPPORT, 'support-7'),
      variables: { input: { subscriberId: s.id, documentType: 'PASSPORT', grantedTo: s.id } },
    });
    expect(recorded.errors).toBeUndefined();
    const v = recorded.data!.recordIdentityVerification;
    expect(v).toMatchObject({ documentType: 'PASSPORT', verifiedBy: 'support-7', grantedTo: s.id });
    expect(new Date(v.validUntil).getTime() - new Date(v.verifiedAt).getTime()).toBe(30 * MINUTE_MS);
    expect((await entriesSince(h.db, mark)).map((e) => [e.operation, e.category, e.actorId])).toEqual([
      ['recordIdentityVerification', 'COMPLIANCE', 'support-7'],
    ]);

    const after = await h.run(`{ me { billingAccess { granted basis validUntil } } }`, { token: customer });
    expect(after.data?.me).toEqual({
      billingAccess: { granted: true, basis: 'ID_VERIFICATION', validUntil: v.validUntil },
    });
    const changed = await h.run(UPDATE_CONTACT, {
      token: customer,
      variables: {
        id: s.id,
        input: { email: '  New.Address@Example.TEST ', phone: '+1 (415) 555-0199', address },
      },
    });
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.updateContactInfo).toEqual({
      email: 'new.address@example.test',
      phone: '+14155550199',
      address: { country: 'US' },
    });
  });

  test('defaults to the recording actor; grantedTo naming a third actor is refused; CUSTOMER may not record', async () => {
    const s = await insertSubscriber(h.db);
    const own = await h.run(RECORD, {
      token: await h.token(Role.BILLING, 'billing-8'),
      variables: { input: { subscriberId: s.id, documentType: 'NATIONAL_ID' } },
    });
    expect(own.data?.recordIdentityVerification).toMatchObject({ grantedTo: 'billing-8' });
    const third = await h.run(RECORD, {
      token: await h.token(Role.BILLING, 'billing-8'),
      variables: { input: { subscriberId: s.id, documentType: 'NATIONAL_ID', grantedTo: 'admin-1' } },
    });
    expect(third.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.grantedTo' });
    const customer = await h.run(RECORD, {
      token: await h.token(Role.CUSTOMER, s.id),
      variables: { input: { subscriberId: s.id, documentType: 'PASSPORT' } },
    });
    expect(errorOf(customer)?.reason).toBe('ROLE_NOT_PERMITTED');
    const missing = await h.run(RECORD, {
      token: await h.token(Role.BILLING, 'billing-8'),
      variables: { input: { subscriberId: '999999999', documentType: 'PASSPORT' } },
    });
    expect(errorOf(missing)?.reason).toBe('NOT_FOUND');
  });

  test('identityVerifications: all for COMPLIANCE and ADMIN, own for SUPPORT and BILLING, none for CUSTOMER', async () => {
    const s = await insertSubscriber(h.db);
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'support-9' });
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: s.id, verifiedBy: 'billing-9' });
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'admin-9' });
    const query = `query Q($id: ID!) { subscriber(id: $id) { identityVerifications { grantedTo verifiedBy } } }`;
    const count = async (role: Role, actor: string) => {
      const r = await h.run<{ subscriber: { identityVerifications: unknown[] | null } }>(query, {
        token: await h.token(role, actor),
        variables: { id: s.id },
      });
      return r.data?.subscriber?.identityVerifications?.length ?? errorOf(r)?.reason;
    };
    expect(await count(Role.COMPLIANCE, 'compliance-9')).toBe(3);
    expect(await count(Role.ADMIN, 'admin-1')).toBe(3);
    expect(await count(Role.SUPPORT, 'support-9')).toBe(1);
    expect(await count(Role.BILLING, 'billing-9')).toBe(1);
    expect(await count(Role.BILLING, 'billing-other')).toBe(0);
    expect(await count(Role.CUSTOMER, s.id)).toBe('ROLE_NOT_PERMITTED');
  });
});

describe('updateContactInfo', () => {
  test('keeps e-mails unique (CONFLICT) and logs the change in its transaction', async () => {
    const a = await insertSubscriber(h.db);
    const b = await insertSubscriber(h.db);
    await insertVerification(h.db, { subscriberId: b.id, grantedTo: 'support-5' });
    const token = await h.token(Role.SUPPORT, 'support-5');
    const mark = await logMark(h.db);
    const taken = await h.run(UPDATE_CONTACT, {
      token,
      variables: { id: b.id, input: { email: a.email!.toUpperCase() } },
    });
    expect(errorOf(taken)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_EXISTS' });
    expect(await entriesSince(h.db, mark)).toEqual([]);
    const ok = await h.run(UPDATE_CONTACT, {
      token,
      variables: { id: b.id, input: { phone: '+44 20 7946 0958' } },
    });
    expect(ok.data?.updateContactInfo).toMatchObject({ phone: '+442079460958' });
    expect((await entriesSince(h.db, mark)).map((e) => [e.operation, e.category, e.fields])).toEqual([
      ['updateContactInfo', 'CONTACT', ['phone']],
    ]);
  });

  test('without a verification: FORBIDDEN ID_VERIFICATION_REQUIRED; bad input names the field', async () => {
    const s = await insertSubscriber(h.db);
    const token = await h.token(Role.BILLING, 'billing-5');
    const denied = await h.run(UPDATE_CONTACT, {
      token,
      variables: { id: s.id, input: { name: 'New Name' } },
    });
    expect(errorOf(denied)?.reason).toBe('ID_VERIFICATION_REQUIRED');
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'billing-5' });
    const bad = await h.run(UPDATE_CONTACT, { token, variables: { id: s.id, input: { phone: 'call me' } } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone' });
    const empty = await h.run(UPDATE_CONTACT, { token, variables: { id: s.id, input: {} } });
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
