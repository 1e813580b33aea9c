import type { GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import type { AppContext } from '../context';
import { AccessBasis } from './basis';
import { DataCategory } from './categories';
import type { TableCategory } from './policy-table';
import { decideForRow, needsFacts } from './rules';

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

export function accessRecorder(recorded: Map<string, TableCategory>): IMiddlewareTypeMap {
  const map: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const [qualified, category] of recorded) {
    if (!(Object.values(DataCategory) as string[]).includes(category)) continue;
    const [typeName, fieldName] = qualified.split('.');
    map[typeName] ??= {};
    const recordRead = async (
      resolve: (parent: unknown, args: unknown, ctx: AppContext, info: GraphQLResolveInfo) => unknown,
      parent: Owned | null,
      args: unknown,
      ctx: AppContext,
      info: GraphQLResolveInfo,
    ) => {
      const value: unknown = await resolve(parent, args, ctx, info);
      const ownerId = parent?.subscriberId ?? null;
      if (ownerId && ctx.identity) {
        const decision = await decideForRow(ctx, category, ownerId);
        if (decision.allowed && mustLog(category as DataCategory, decision.basis)) {
          ctx.accessLog.record({
            subscriberId: ownerId,
            category: category as DataCategory,
            basis: decision.basis,
            exceptionId: decision.exceptionId ?? null,
            field: qualified,
            operation: ctx.operationLabel ?? operationName(info),
          });
        }
      }
      return value;
    };
    map[typeName][fieldName] = ((
      resolve: (parent: unknown, args: unknown, ctx: AppContext, info: GraphQLResolveInfo) => unknown,
      parent: Owned | null,
      args: unknown,
      ctx: AppContext,
      info: GraphQLResolveInfo,
    ) => {
      // A role that reads this category by role alone reads on basis ROLE: logged only for
      // BILLING (mustLog), so the field resolves without waiting for a decision.
      if (category !== DataCategory.BILLING && !needsFacts(category, ctx)) {
        return resolve(parent, args, ctx, info);
      }
      return recordRead(resolve, parent, args, ctx, info);
    }) as IMiddlewareFunction;
  }
  return map as IMiddlewareTypeMap;
}
