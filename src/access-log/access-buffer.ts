import type { AccessBasis } from '../access/basis';
import type { DataCategory } from '../access/categories';
import type { AccessRecord } from './access-log.service';

/** One read to remember: whose data, which category, on which ground, which field. */
export interface ReadNote {
  subscriberId: string | null;
  category: DataCategory;
  basis: AccessBasis;
  exceptionId?: string | null;
  field: string;
  operation: string | null;
}

/**
 * The access-log entries of one request (docs/design.md section 3), collected while fields
 * resolve: one entry per (subscriber, category, basis, exception) with every field read
 * under it, so that the request writes them in one multi-row insert when it ends.
 */
export class AccessLogBuffer {
  private readonly entries = new Map<string, AccessRecord>();

  record(note: ReadNote): void {
    const exceptionId = note.exceptionId ?? null;
    const key = [note.subscriberId, note.category, note.basis, exceptionId].join('|');
    const entry = this.entries.get(key);
    if (entry) {
      if (!entry.fields.includes(note.field)) entry.fields.push(note.field);
      return;
    }
    this.entries.set(key, {
      subscriberId: note.subscriberId,
      category: note.category,
      basis: note.basis,
      disclosureExceptionId: exceptionId,
      fields: [note.field],
      operation: note.operation,
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Hands the collected entries over once; later reads start a new batch. */
  drain(): AccessRecord[] {
    const records = [...this.entries.values()];
    this.entries.clear();
    return records;
  }
}
