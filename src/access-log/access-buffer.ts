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

  /** The entry of the last read: a row's fields are read one after another. */
  private last: AccessRecord | null = null;

  record(note: ReadNote): void {
    const exceptionId = note.exceptionId ?? null;
    const last = this.last;
    if (
      last !== null &&
      last.subscriberId === note.subscriberId &&
      last.category === note.category &&
      last.basis === note.basis &&
      last.disclosureExceptionId === exceptionId
    ) {
      if (!last.fields.includes(note.field)) last.fields.push(note.field);
      return;
    }
    const key = [note.subscriberId, note.category, note.basis, exceptionId].join('|');
    const entry = this.entries.get(key);
    if (entry) {
      this.last = entry;
      if (!entry.fields.includes(note.field)) entry.fields.push(note.field);
      return;
    }
    this.last = {
      subscriberId: note.subscriberId,
      category: note.category,
      basis: note.basis,
      disclosureExceptionId: exceptionId,
      fields: [note.field],
      operation: note.operation,
    };
    this.entries.set(key, this.last);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Hands the collected entries over once; later reads start a new batch. */
  drain(): AccessRecord[] {
    const records = [...this.entries.values()];
    this.entries.clear();
    this.last = null;
    return records;
  }
}
