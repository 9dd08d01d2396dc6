/**
 * @module operation/gateway/downstream/http/event-store
 * A bounded in-memory event store for Streamable HTTP resumability (`Last-Event-ID`). One per MCP
 * session; the oldest events are evicted past `maxEvents`, so a client that never resumes cannot
 * grow the gateway's memory. The SDK defines the interface and ships none for production use.
 */
import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';

interface StoredEvent {
  readonly streamId: string;
  readonly message: JSONRPCMessage;
}

/** Event ids are `<streamId>|<sequence>`; sequence order is insertion order. */
export class BoundedEventStore implements EventStore {
  private readonly events = new Map<string, StoredEvent>();
  private readonly maxEvents: number;
  private seq = 0;
  /**
   * Event ids in insertion order, oldest at `head`: eviction takes the oldest without asking the
   * Map for its first key, which walks past every entry deleted since the Map last compacted (a
   * full store evicts on every call; `storeEvent` was the front's costliest function in the
   * Streamable HTTP profile at 64 in flight, two events per call).
   */
  private order: string[] = [];
  private head = 0;

  constructor(maxEvents = 1_000) {
    this.maxEvents = maxEvents;
  }

  storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = `${streamId}|${++this.seq}`;
    this.events.set(id, { streamId, message });
    this.order.push(id);
    while (this.events.size > this.maxEvents && this.head < this.order.length) {
      this.events.delete(this.order[this.head++] as string);
    }
    if (this.head >= this.maxEvents) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return Promise.resolve(id);
  }

  getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    const at = eventId.lastIndexOf('|');
    return Promise.resolve(at > 0 ? eventId.slice(0, at) : undefined);
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const streamId = await this.getStreamIdForEventId(lastEventId);
    if (streamId === undefined || !this.events.has(lastEventId)) return '';
    let after = false;
    for (const [id, event] of this.events) {
      if (id === lastEventId) {
        after = true;
        continue;
      }
      if (!after || event.streamId !== streamId) continue;
      // Priming events are empty objects; they mark positions and are never replayed.
      if (Object.keys(event.message).length === 0) continue;
      await send(id, event.message);
    }
    return streamId;
  }
}
