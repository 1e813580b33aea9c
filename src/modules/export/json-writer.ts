/**
 * Builds one JSON document from pieces, so that rows read in batches are serialised and
 * dropped batch by batch: only the text of the document is held, never every row object.
 */
export class JsonDocumentWriter {
  private readonly chunks: string[] = [];
  private readonly firstInScope: boolean[] = [true];

  private separator(): void {
    const top = this.firstInScope.length - 1;
    if (!this.firstInScope[top]) this.chunks.push(',');
    this.firstInScope[top] = false;
  }

  openObject(key?: string): this {
    this.prefix(key);
    this.chunks.push('{');
    this.firstInScope.push(true);
    return this;
  }

  openArray(key?: string): this {
    this.prefix(key);
    this.chunks.push('[');
    this.firstInScope.push(true);
    return this;
  }

  closeObject(): this {
    this.firstInScope.pop();
    this.chunks.push('}');
    return this;
  }

  closeArray(): this {
    this.firstInScope.pop();
    this.chunks.push(']');
    return this;
  }

  /** A member of the open object (with `key`) or an element of the open array. */
  value(value: unknown, key?: string): this {
    this.prefix(key);
    this.chunks.push(JSON.stringify(value ?? null));
    return this;
  }

  private prefix(key?: string): void {
    if (this.firstInScope.length === 1 && this.chunks.length === 0) return;
    this.separator();
    if (key !== undefined) this.chunks.push(`${JSON.stringify(key)}:`);
  }

  toString(): string {
    return this.chunks.join('');
  }
}
