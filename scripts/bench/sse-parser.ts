/**
 * @module scripts/bench/sse-parser
 * An incremental `text/event-stream` parser (WHATWG HTML, "Interpreting an event stream").
 *
 * Written by hand on purpose: the benchmark client must stay lean and its only allowed change to
 * package.json is the `bench` script, so it cannot take a direct dependency on a parser package.
 * It covers what MCP servers send: `event`, `data` (multi-line), `id`, `retry`, comments, and
 * LF / CRLF / CR line ends split anywhere across chunks.
 */

/** One dispatched event. `event` is `message` when the stream gave no type. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | undefined;
}

const LINE_END = /\r\n|\r|\n/;

/** Feed decoded text with {@link SseParser.push}; it returns the events completed so far. */
export class SseParser {
  private buffer = '';
  private started = false;
  private eventType = '';
  private data: string[] = [];
  private lastId: string | undefined;

  push(text: string): SseEvent[] {
    this.buffer += text;
    if (!this.started && this.buffer.length > 0) {
      this.started = true;
      if (this.buffer.charCodeAt(0) === 0xfeff) this.buffer = this.buffer.slice(1);
    }
    const events: SseEvent[] = [];
    for (;;) {
      const match = LINE_END.exec(this.buffer);
      if (match === null) break;
      // A lone CR at the very end may be the first half of a CRLF still in flight.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
        // `retry` and unknown fields do not matter to a client that never reconnects.
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const type = this.eventType;
    const data = this.data;
    this.eventType = '';
    this.data = [];
    // An event without data lines (e.g. an SSE priming event carrying only an id) is not dispatched.
    if (data.length === 0) return undefined;
    return { event: type === '' ? 'message' : type, data: data.join('\n'), id: this.lastId };
  }
}
