/**
 * @module operation/gateway/downstream/stdio/line-reader
 * Splits a byte stream into newline-delimited frames with a hard size cap. Threat: a peer that
 * writes an endless line would otherwise grow memory without bound; past `maxLineBytes` the line
 * is discarded up to its newline and reported once. Chunks are collected in a list and joined once
 * per line, so a long line costs linear, not quadratic, copying.
 */

export type LineEvent =
  | { readonly kind: 'line'; readonly bytes: Buffer }
  | { readonly kind: 'oversized'; readonly bytes: number };

/** Incremental newline splitter. */
export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private discarding = false;
  private discarded = 0;
  private readonly maxLineBytes: number;

  constructor(maxLineBytes: number) {
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds a chunk; returns the complete frames it finished. */
  push(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      this.take(chunk.subarray(start, end));
      if (newline === -1) break;
      events.push(this.finishLine());
      start = newline + 1;
    }
    return events.filter((e) => e.kind === 'oversized' || e.bytes.length > 0);
  }

  private take(part: Buffer): void {
    if (part.length === 0) return;
    if (this.discarding) {
      this.discarded += part.length;
      return;
    }
    if (this.size + part.length > this.maxLineBytes) {
      this.discarding = true;
      this.discarded = this.size + part.length;
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private finishLine(): LineEvent {
    if (this.discarding) {
      const bytes = this.discarded;
      this.discarding = false;
      this.discarded = 0;
      return { kind: 'oversized', bytes };
    }
    let bytes =
      this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d)
      bytes = bytes.subarray(0, bytes.length - 1);
    return { kind: 'line', bytes };
  }
}
