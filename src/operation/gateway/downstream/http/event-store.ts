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

  constructor(maxEvents = 1_000) {
    this.maxEvents = maxEvents;
  }

  storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = `${streamId}|${++this.seq}`;
    this.events.set(id, { streamId, message });
    while (this.events.size > this.maxEvents) {
      const oldest = this.events.keys().next().value;
      if (oldest === undefined) break;
      this.events.delete(oldest);
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
