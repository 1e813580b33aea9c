import type { GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import type { AppContext } from '../context';
import { AccessBasis } from './basis';
import { DataCategory } from './categories';
import type { TableCategory } from './policy-table';
import type { Decision } from './decisions';

/**
 * docs/design.md section 3: "Every read of a BILLING field, every read under a disclosure
 * exception ... is written to access_log". The row gate (access/row-gate.ts) notes each read
 * it served here, after the field resolved, with the basis it was allowed on; the request's
 * buffer writes them before the response leaves. Reads allowed by role alone (an agent
 * reading sessions) are not logged.
 */
export function mustLog(category: DataCategory, basis: AccessBasis): boolean {
  return category === DataCategory.BILLING || basis !== AccessBasis.ROLE;
}

/** Categories of subscriber data, whose reads may be logged (PUBLIC and AGGREGATE are not). */
const SUBSCRIBER_DATA = new Set<string>(Object.values(DataCategory));

export const isSubscriberData = (category: TableCategory): category is DataCategory =>
  SUBSCRIBER_DATA.has(category);

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

/** Notes one served read of `field` in the request's access-log buffer, if it must be logged. */
export function noteRead(
  ctx: AppContext,
  field: string,
  category: DataCategory,
  subscriberId: string,
  decision: Decision,
  info: GraphQLResolveInfo,
): void {
  if (!decision.allowed || !mustLog(category, decision.basis)) return;
  ctx.accessLog.record({
    subscriberId,
    category,
    basis: decision.basis,
    exceptionId: decision.exceptionId ?? null,
    field,
    operation: ctx.operationLabel ?? operationName(info),
  });
}
