import { DocumentNode, execute, GraphQLError, GraphQLSchema } from 'graphql';
import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { LoaderRegistry } from '../../common/loader-registry';
import { AppError, ErrorCode, NotFoundError, Reason } from '../../common/errors';
import { subscriberRowById } from '../subscriber/subscriber.loaders';
import type { SubscriberEntity } from '../subscriber/subscriber.entity';
import { EXPORT_ROOT_FIELD, exportPlan, PagedField } from './export-plan';
import { JsonDocumentWriter } from './json-writer';
import type { ExportedDocument } from './data-export.row';

/**
 * Rows per keyset page of a long history (sessions, payments, tickets): bounds the memory
 * of an export and sets how many statements it spends. Tests lower it to see paging work.
 */
export const exportSettings = { pageSize: 1000 };

/** The operation the export's reads are logged under. */
export const EXPORT_OPERATION = 'myDataExport';

export const BILLING_LOCKED_NOTE =
  'Billing information is not included: it is shown only after an identity verification. ' +
  'Ask KacMac support to check a government-issued ID and grant the verification to your account, ' +
  'then request the export again within its validity.';

const NOT_SERVED_NOTE =
  'Not included: KacMac keeps this for its own compliance duties and does not serve it to account holders.';

const NOTES: Partial<Record<Reason, string>> = {
  [Reason.ID_VERIFICATION_REQUIRED]: BILLING_LOCKED_NOTE,
  [Reason.ROLE_NOT_PERMITTED]: NOT_SERVED_NOTE,
};

/** A field the access rules withheld from this caller, as the document lists it. */
export interface NotIncluded {
  field: string;
  reason: Reason;
  note: string;
}

type Data = Record<string, unknown>;
interface Connection {
  edges: { node: unknown }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * `myDataExport`: the calling customer's data as one JSON document, read through the
 * served schema (export-plan.ts) with the caller's own context. Every field is decided by
 * the shield rules, resolved by the API's loaders and mappers, and its read noted in the
 * request's access-log buffer, which is written before the response leaves. Fields the
 * rules refuse (billing behind a closed gate, compliance records) are listed under
 * `notIncluded` with the reason. Long histories are read one keyset page at a time and
 * written out page by page, so a subscriber with 100 000 sessions never has them all
 * loaded at once.
 */
export class DataExportService {
  private readonly out = new JsonDocumentWriter();
  private readonly notIncluded = new Map<string, NotIncluded>();

  constructor(
    private readonly ctx: AppContext,
    private readonly schema: GraphQLSchema,
  ) {}

  async export(): Promise<ExportedDocument> {
    const subscriber = await subscriberRowById(this.ctx).load(this.ctx.identity!.actorId);
    if (!subscriber) throw new NotFoundError('Subscriber');
    const generatedAt = clock.now();
    const plan = exportPlan(this.schema);
    const head = await this.run(plan.head, {}, subscriber);
    const account = head[EXPORT_ROOT_FIELD] as Data | null;
    if (!account) throw new NotFoundError('Subscriber');

    const out = this.out.openObject();
    out.value(generatedAt.toISOString(), 'generatedAt');
    out.value(head.privacyPolicy ?? null, 'policyVersion');
    out.openObject('subscriber');
    for (const [key, value] of Object.entries(account)) {
      if (!this.notIncluded.has(key)) out.value(value, key);
    }
    for (const paged of plan.pages) await this.history(paged, subscriber);
    out.closeObject();
    out.value([...this.notIncluded.values()], 'notIncluded');
    out.closeObject();
    return { subscriber, generatedAt, json: out.toString() };
  }

  /** One connection of the subscriber, page after page along its keyset, newest first. */
  private async history({ field, document }: PagedField, subscriber: SubscriberEntity): Promise<void> {
    let after: string | null = null;
    for (let first = true; ; first = false) {
      const data = await this.run(document, { first: exportSettings.pageSize, after }, subscriber);
      const account = data[EXPORT_ROOT_FIELD] as Data | null;
      if (!account) throw new NotFoundError('Subscriber');
      const page = account[field] as Connection | null;
      if (first && (this.notIncluded.has(field) || !page)) {
        // Refused (listed under notIncluded), or served as null without an error (a purged
        // account's history): exported exactly as the API answers it.
        if (!this.notIncluded.has(field)) this.out.value(null, field);
        return;
      }
      if (!page) throw new Error(`export: ${field} ended before its last page`);
      if (first) this.out.openArray(field);
      for (const edge of page.edges) this.out.value(edge.node);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    this.out.closeArray();
  }

  /**
   * Executes one document of the plan. A field the rules refused (FORBIDDEN) is noted as
   * not included; any other error fails the export, so a document is never silently short.
   */
  private async run(
    document: DocumentNode,
    variableValues: Record<string, unknown>,
    account: SubscriberEntity,
  ): Promise<Data> {
    // The caller's identity, database, rule cache and access-log buffer; loaders of its own,
    // so that a page's rows are dropped once written (a request's loaders keep what they load).
    // The account, read once, answers each page's `me`.
    const contextValue: AppContext = {
      ...this.ctx,
      loaders: new LoaderRegistry(),
      operationLabel: EXPORT_OPERATION,
      pageLimit: exportSettings.pageSize,
    };
    subscriberRowById(contextValue).prime(account.id, account);
    const result = await execute({ schema: this.schema, document, contextValue, variableValues });
    for (const error of result.errors ?? []) this.withhold(error);
    return (result.data ?? {}) as Data;
  }

  private withhold(error: GraphQLError): void {
    const original = error.originalError;
    if (!(original instanceof AppError) || original.code !== ErrorCode.FORBIDDEN) throw original ?? error;
    const field = (error.path ?? [])
      .filter((part): part is string => typeof part === 'string')
      .filter((part, i) => !(i === 0 && part === EXPORT_ROOT_FIELD) && part !== 'edges' && part !== 'node')
      .join('.');
    if (field === '') throw original; // the account itself was refused: no document at all
    if (!this.notIncluded.has(field)) {
      this.notIncluded.set(field, {
        field,
        reason: original.reason,
        note: NOTES[original.reason] ?? NOT_SERVED_NOTE,
      });
    }
  }
}
