import { Role } from '../../../src/auth/roles';
import { AccountStatus } from '../../../src/access/account-status';
import { errorOf, Harness, resetData, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => resetData(h.db));

const MARKETING = `query($id: ID!) { subscriber(id: $id) {
  productInquiries { product message } surveyResponses { survey score answers }
  communicationPreferences { marketingMailings serviceBulletins } domains { domain registrantName } } }`;
const INQUIRY = `mutation($p: ProductCode!, $m: String!) { submitProductInquiry(product: $p, message: $m) { id product message } }`;
const SURVEY = `mutation($s: String!, $score: Int, $a: String) { submitSurveyResponse(survey: $s, score: $score, answers: $a) { id score answers } }`;
const PREFS = `mutation($id: ID!, $on: Boolean!) { setCommunicationPreferences(subscriberId: $id, marketingMailings: $on) { marketingMailings serviceBulletins } }`;
const REGISTER = `mutation($input: DomainRegistrationInput!) { registerDomain(input: $input) { domain registrantName registrantOrganization registrantEmail expiresAt } }`;
const LOOKUP = `query($d: String!) { domainRegistration(domain: $d) { domain registrantName registrantOrganization registrantEmail registeredAt expiresAt } }`;

describe('customer self-service', () => {
  test('a customer submits inquiries and surveys for itself and reads them back', async () => {
    const s = await insertSubscriber(h.db);
    const customer = await h.token(Role.CUSTOMER, s.id);
    expect(
      (await h.run(INQUIRY, { token: customer, variables: { p: 'FIBER_1000', m: 'Available here?' } }))
        .errors,
    ).toBeUndefined();
    const survey = await h.run(SURVEY, {
      token: customer,
      variables: { s: 'nps-2026', score: 9, a: 'Fast' },
    });
    expect(survey.data).toMatchObject({ submitSurveyResponse: { score: 9, answers: 'Fast' } });
    const read = await h.run(MARKETING, { token: customer, variables: { id: s.id } });
    expect(read.data).toEqual({
      subscriber: {
        productInquiries: [{ product: 'FIBER_1000', message: 'Available here?' }],
        surveyResponses: [{ survey: 'nps-2026', score: 9, answers: 'Fast' }],
        communicationPreferences: { marketingMailings: true, serviceBulletins: true },
        domains: [],
      },
    });
  });

  test('scores outside 0 to 10 and empty inquiries are refused; staff may not submit for customers', async () => {
    const s = await insertSubscriber(h.db);
    const customer = await h.token(Role.CUSTOMER, s.id);
    for (const score of [-1, 11]) {
      const bad = await h.run(SURVEY, { token: customer, variables: { s: 'nps', score } });
      expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    }
    expect(
      errorOf(await h.run(INQUIRY, { token: customer, variables: { p: 'TV_PACKAGE', m: ' ' } }))?.code,
    ).toBe('BAD_USER_INPUT');
    const staff = await h.run(INQUIRY, {
      token: await h.token(Role.SUPPORT),
      variables: { p: 'TV_PACKAGE', m: 'y' },
    });
    expect(errorOf(staff)?.reason).toBe('ROLE_NOT_PERMITTED');
  });

  test('preferences: the sign-up choice, then changed by the customer or support; others NOT_FOUND', async () => {
    const created = await h.run(
      `mutation { createSubscriber(input: {name: "Pat Doe", email: "pat.prefs@example.test", marketingMailings: false}) { id } }`,
      { token: await h.token(Role.SUPPORT) },
    );
    const id = (created.data as { createSubscriber: { id: string } }).createSubscriber.id;
    const customer = await h.token(Role.CUSTOMER, id);
    const read = async () => (await h.run(MARKETING, { token: customer, variables: { id } })).data;
    expect(await read()).toMatchObject({
      subscriber: { communicationPreferences: { marketingMailings: false } },
    });
    expect((await h.run(PREFS, { token: customer, variables: { id, on: true } })).data).toEqual({
      setCommunicationPreferences: { marketingMailings: true, serviceBulletins: true },
    });
    await h.run(PREFS, { token: await h.token(Role.SUPPORT), variables: { id, on: false } });
    expect(await read()).toMatchObject({
      subscriber: { communicationPreferences: { marketingMailings: false } },
    });
    const other = await insertSubscriber(h.db);
    const denied = await h.run(PREFS, { token: customer, variables: { id: other.id, on: true } });
    expect(errorOf(denied)?.reason).toBe('NOT_FOUND');
    const billing = await h.run(PREFS, { token: await h.token(Role.BILLING), variables: { id, on: true } });
    expect(errorOf(billing)?.reason).toBe('ROLE_NOT_PERMITTED');
  });

  test('marketing data is not for BILLING or COMPLIANCE', async () => {
    const s = await insertSubscriber(h.db);
    for (const role of [Role.BILLING, Role.COMPLIANCE]) {
      const result = await h.run(`query($id: ID!) { subscriber(id: $id) { id productInquiries { id } } }`, {
        token: await h.token(role),
        variables: { id: s.id },
      });
      expect(result.data).toEqual({ subscriber: { id: s.id, productInquiries: null } });
      expect(errorOf(result)?.reason).toBe('ROLE_NOT_PERMITTED');
    }
  });
});

describe('domain registrations', () => {
  const expiresAt = '2031-01-01T00:00:00.000Z';

  test('registered in ASCII form, unique, and public without a token: registrant fields only', async () => {
    const s = await insertSubscriber(h.db, { name: 'Robin Registrant', email: 'robin.reg@example.test' });
    const customer = await h.token(Role.CUSTOMER, s.id);
    const input = {
      subscriberId: s.id,
      domain: 'Bücher-Robin.Example',
      registrantOrganization: 'Robin Books',
      expiresAt,
    };
    const registered = await h.run(REGISTER, { token: customer, variables: { input } });
    expect(registered.errors).toBeUndefined();
    expect(registered.data).toMatchObject({
      registerDomain: {
        domain: 'xn--bcher-robin-thb.example',
        registrantName: 'Robin Registrant',
        registrantEmail: 'robin.reg@example.test',
      },
    });
    const again = await h.run(REGISTER, {
      token: await h.token(Role.ADMIN),
      variables: { input: { ...input, domain: 'xn--bcher-robin-thb.example' } },
    });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_EXISTS' });
    const found = await h.run(LOOKUP, { token: null, variables: { d: 'BÜCHER-robin.example' } });
    expect(found.errors).toBeUndefined();
    expect(Object.keys((found.data as { domainRegistration: object }).domainRegistration).sort()).toEqual([
      'domain',
      'expiresAt',
      'registeredAt',
      'registrantEmail',
      'registrantName',
      'registrantOrganization',
    ]);
    expect(found.data).toMatchObject({ domainRegistration: { registrantOrganization: 'Robin Books' } });
    const missing = await h.run(LOOKUP, { token: null, variables: { d: 'nobody-here.example' } });
    expect(missing.data).toEqual({ domainRegistration: null });
    // The rest of the subscriber is not public.
    const probe = await h.run(
      `{ domainRegistration(domain: "xn--bcher-robin-thb.example") { domain } subscribers { totalCount } }`,
      {
        token: null,
      },
    );
    expect(errorOf(probe)?.reason).toBe('TOKEN_MISSING');
  });

  test('bad names, past expiry, another customer and a purged account are refused', async () => {
    const s = await insertSubscriber(h.db);
    const admin = await h.token(Role.ADMIN);
    const bad = await h.run(REGISTER, {
      token: admin,
      variables: { input: { subscriberId: s.id, domain: '-x.com', expiresAt } },
    });
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    expect(bad.errors?.[0].extensions?.field).toBe('input.domain');
    const past = await h.run(REGISTER, {
      token: admin,
      variables: {
        input: { subscriberId: s.id, domain: 'ok-domain.example', expiresAt: '2020-01-01T00:00:00Z' },
      },
    });
    expect(past.errors?.[0].extensions?.field).toBe('input.expiresAt');
    const other = await insertSubscriber(h.db);
    const foreign = await h.run(REGISTER, {
      token: await h.token(Role.CUSTOMER, other.id),
      variables: { input: { subscriberId: s.id, domain: 'foreign.example', expiresAt } },
    });
    expect(errorOf(foreign)?.reason).toBe('NOT_FOUND');
    const purged = await insertSubscriber(h.db, { status: AccountStatus.PURGED, email: null });
    const gone = await h.run(REGISTER, {
      token: admin,
      variables: { input: { subscriberId: purged.id, domain: 'gone.example', expiresAt } },
    });
    expect(errorOf(gone)?.reason).toBe('ACCOUNT_PURGED');
  });

  test('a cancelled account keeps its domains listed; a purged one serves empty registrant fields', async () => {
    const s = await insertSubscriber(h.db, { name: 'Casey Cancel', email: 'casey.cancel@example.test' });
    const admin = await h.token(Role.ADMIN);
    await h.run(REGISTER, {
      token: admin,
      variables: { input: { subscriberId: s.id, domain: 'casey.example', expiresAt } },
    });
    await h.run(`mutation($id: ID!) { cancelAccount(subscriberId: $id) { id } }`, {
      token: admin,
      variables: { id: s.id },
    });
    const listed = await h.run(LOOKUP, { token: null, variables: { d: 'casey.example' } });
    expect(listed.data).toMatchObject({ domainRegistration: { registrantName: 'Casey Cancel' } });
    await h.db.query(
      `UPDATE domain_registrations SET registrant_name = NULL, registrant_organization = NULL, registrant_email = NULL WHERE subscriber_id = ?`,
      [s.id],
    );
    const purged = await h.run(LOOKUP, { token: null, variables: { d: 'casey.example' } });
    expect(purged.data).toMatchObject({
      domainRegistration: {
        domain: 'casey.example',
        registrantName: null,
        registrantOrganization: null,
        registrantEmail: null,
      },
    });
  });
});
