/**
 * @module scripts/bench/line-splitter
 * Splits a decoded byte stream into newline-delimited lines (the MCP stdio framing).
 */

/** Feed text with {@link LineSplitter.push}; it returns the complete, non-empty lines so far. */
export class LineSplitter {
  private rest = '';

  push(text: string): string[] {
    const parts = (this.rest + text).split('\n');
    this.rest = parts.pop() ?? '';
    const lines: string[] = [];
    for (const part of parts) {
      const line = part.endsWith('\r') ? part.slice(0, -1) : part;
      if (line.trim() !== '') lines.push(line);
    }
    return lines;
  }

  /** Text after the last newline, not yet a line. */
  get pending(): string {
    return this.rest;
  }
}
