import type { GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import type { AppContext } from '../context';
import { AccessBasis } from './basis';
import { DataCategory } from './categories';
import type { TableCategory } from './policy-table';
import type { Decision } from './decisions';
import { decideForRow, needsFacts, settledDecision } from './rules';

/**
 * docs/design.md section 3: "Every read of a BILLING field, every read under a disclosure
 * exception ... is written to access_log". Wraps the fields whose category can be opened
 * by facts (gate or exception); after the field resolved (so the shield allowed it), the
 * read is noted in the request's buffer with the basis it was allowed on. Reads allowed
 * by role alone (an agent reading sessions) are not logged.
 */
export function mustLog(category: DataCategory, basis: AccessBasis): boolean {
  return category === DataCategory.BILLING || basis !== AccessBasis.ROLE;
}

/**
 * The root fields of the operation, e.g. "subscribers" or "recordPayment". Remembered per
 * operation node: every logged read of a request asks, and Apollo reuses the parsed
 * document of a repeated query, so the names are read once per distinct query.
 */
const operationNames = new WeakMap<OperationDefinitionNode, string>();

export function operationName(info: GraphQLResolveInfo): string {
  let name = operationNames.get(info.operation);
  if (name === undefined) {
    const names = info.operation.selectionSet.selections.flatMap((s) =>
      s.kind === 'Field' ? [s.name.value] : [],
    );
    name = [...new Set(names)].join(',').slice(0, 100);
    operationNames.set(info.operation, name);
  }
  return name;
}

interface Owned {
  subscriberId?: string | null;
}

type Wrapper = (
  resolve: (parent: unknown, args: unknown, ctx: AppContext, info: GraphQLResolveInfo) => unknown,
  parent: Owned | null,
  args: unknown,
  ctx: AppContext,
  info: GraphQLResolveInfo,
) => unknown;

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** Notes one read in the request's access-log buffer, if its decision says it must be logged. */
function note(
  ctx: AppContext,
  field: string,
  category: TableCategory,
  subscriberId: string,
  decision: Decision,
  info: GraphQLResolveInfo,
): void {
  if (!decision.allowed || !mustLog(category as DataCategory, decision.basis)) return;
  ctx.accessLog.record({
    subscriberId,
    category: category as DataCategory,
    basis: decision.basis,
    exceptionId: decision.exceptionId ?? null,
    field,
    operation: ctx.operationLabel ?? operationName(info),
  });
}

export function accessRecorder(recorded: Map<string, TableCategory>): IMiddlewareTypeMap {
  const map: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const [qualified, category] of recorded) {
    if (!(Object.values(DataCategory) as string[]).includes(category)) continue;
    const [typeName, fieldName] = qualified.split('.');
    map[typeName] ??= {};
    const recordRead: Wrapper = async (resolve, parent, args, ctx, info) => {
      const value: unknown = await resolve(parent, args, ctx, info);
      const ownerId = parent?.subscriberId ?? null;
      if (ownerId && ctx.identity) {
        note(ctx, qualified, category, ownerId, await decideForRow(ctx, category, ownerId), info);
      }
      return value;
    };
    const wrap: Wrapper = (resolve, parent, args, ctx, info) => {
      // A role that reads this category by role alone reads on basis ROLE: logged only for
      // BILLING (mustLog), so the field resolves without waiting for a decision.
      if (category !== DataCategory.BILLING && !needsFacts(category, ctx)) {
        return resolve(parent, args, ctx, info);
      }
      // The row was decided already (the shield asks first): a value the field resolves at
      // once is noted at once, without a promise of its own.
      const ownerId = parent?.subscriberId ?? null;
      const decided = ownerId && ctx.identity ? settledDecision(ctx, category, ownerId) : undefined;
      if (!decided) return recordRead(resolve, parent, args, ctx, info);
      const value = resolve(parent, args, ctx, info);
      if (isPromiseLike(value)) return recordRead(() => value, parent, args, ctx, info);
      note(ctx, qualified, category, ownerId!, decided, info);
      return value;
    };
    map[typeName][fieldName] = wrap as IMiddlewareFunction;
  }
  return map as IMiddlewareTypeMap;
}
