import { GraphQLObjectType, GraphQLResolveInfo, parse, OperationDefinitionNode } from 'graphql';
import { Role } from '../../../src/auth/roles';
import { ForbiddenError, Reason } from '../../../src/common/errors';
import type { AppContext } from '../../../src/context';
import { harnessForFile } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { insertVerification } from '../../helpers/privacy-fixtures';

/**
 * docs/design.md section 7: a gated field of a row already decided in the request is served
 * without a promise of its own. An audited page of 50 subscribers with their payments reads
 * about 600 gated fields; each went through an asynchronous rule and an asynchronous
 * recorder, two promises and their microtasks per field, to reuse one decision.
 */
const h = harnessForFile();
let verified: string;
let unverified: string;
const ACTOR = 'billing-gate-1';

beforeAll(async () => {
  verified = (await insertSubscriber(h.db)).id;
  unverified = (await insertSubscriber(h.db)).id;
  await insertVerification(h.db, { subscriberId: verified, grantedTo: ACTOR });
});

type FieldResolver = (parent: unknown, args: unknown, ctx: AppContext, info: GraphQLResolveInfo) => unknown;

function served(typeName: string, fieldName: string): { resolve: FieldResolver; info: GraphQLResolveInfo } {
  const type = h.server.schema.getType(typeName) as GraphQLObjectType;
  const field = type.getFields()[fieldName];
  const operation = parse('{ subscribers { totalCount } }').definitions[0] as OperationDefinitionNode;
  const info = {
    fieldName,
    parentType: type,
    returnType: field.type,
    operation,
  } as unknown as GraphQLResolveInfo;
  return { resolve: field.resolve as FieldResolver, info };
}

const payment = (subscriberId: string) => ({ id: '1', subscriberId, amountCents: 1250 });

async function billingContext(): Promise<AppContext> {
  return h.server.contextFor(`Bearer ${await h.token(Role.BILLING, ACTOR)}`);
}

test('once the row is decided, a gated field resolves at once, and its read is noted', async () => {
  const ctx = await billingContext();
  const { resolve, info } = served('Payment', 'amountCents');
  // The first read of the row waits for the subscriber's gate facts.
  await expect(Promise.resolve(resolve(payment(verified), {}, ctx, info))).resolves.toBe(1250);
  const again = resolve(payment(verified), {}, ctx, info);
  expect(again).toBe(1250);
  const entries = ctx.accessLog.drain();
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    subscriberId: verified,
    category: 'BILLING',
    basis: 'ID_VERIFICATION',
    fields: ['Payment.amountCents'],
  });
});

test('once the row is refused, a gated field is refused at once, and nothing is noted', async () => {
  const ctx = await billingContext();
  const { resolve, info } = served('Payment', 'amountCents');
  await expect(Promise.resolve().then(() => resolve(payment(unverified), {}, ctx, info))).rejects.toThrow(
    ForbiddenError,
  );
  let refused: unknown;
  try {
    resolve(payment(unverified), {}, ctx, info);
  } catch (error) {
    refused = error;
  }
  expect(refused).toBeInstanceOf(ForbiddenError);
  expect((refused as ForbiddenError).reason).toBe(Reason.ID_VERIFICATION_REQUIRED);
  expect(ctx.accessLog.size).toBe(0);
});

test('a decision the role alone makes is made at the first read, without waiting', async () => {
  const ctx = await h.server.contextFor(`Bearer ${await h.token(Role.REPORTING)}`);
  const { resolve, info } = served('Payment', 'amountCents');
  expect(() => resolve(payment(verified), {}, ctx, info)).toThrow(ForbiddenError);
  expect(ctx.accessLog.size).toBe(0);
});
