import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';

import { BoundedEventStore } from '../../../../../src/operation/gateway/downstream/http/event-store.js';

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/progress',
  params: { progressToken: 't', progress: n },
});
const PRIMING = {} as JSONRPCMessage;

const replay = async (store: BoundedEventStore, after: string) => {
  const sent: [string, JSONRPCMessage][] = [];
  const streamId = await store.replayEventsAfter(after, {
    send: (id, message) => {
      sent.push([id, message]);
      return Promise.resolve();
    },
  });
  return { streamId, sent };
};

describe('BoundedEventStore', () => {
  it('replays nothing after an id it never issued or has evicted', async () => {
    const store = new BoundedEventStore(2);
    const first = await store.storeEvent('s', note(1));
    await store.storeEvent('s', note(2));
    await store.storeEvent('s', note(3));
    expect(await replay(store, first)).toEqual({ streamId: '', sent: [] });
    expect(await replay(store, 's|999')).toEqual({ streamId: '', sent: [] });
    expect(await replay(store, 'garbage')).toEqual({ streamId: '', sent: [] });
  });

  it('keeps at most maxEvents, evicting the oldest first', async () => {
    const store = new BoundedEventStore(3);
    const ids: string[] = [];
    for (let n = 1; n <= 6; n++) ids.push(await store.storeEvent('s', note(n)));
    const { sent } = await replay(store, ids[3]!);
    expect(sent).toEqual([
      [ids[4], note(5)],
      [ids[5], note(6)],
    ]);
    expect((await replay(store, ids[2]!)).sent).toEqual([]);
  });

  it('keeps exactly the newest maxEvents through many rounds of eviction', async () => {
    const store = new BoundedEventStore(3);
    const ids: string[] = [];
    for (let n = 1; n <= 50; n++) ids.push(await store.storeEvent('s', note(n)));
    expect((await replay(store, ids[47]!)).sent).toEqual([
      [ids[48], note(49)],
      [ids[49], note(50)],
    ]);
    expect(await replay(store, ids[46]!)).toEqual({ streamId: '', sent: [] });
  });

  it('replays only the same stream, in order, skipping priming events', async () => {
    const store = new BoundedEventStore();
    const priming = await store.storeEvent('a', PRIMING);
    const a1 = await store.storeEvent('a', note(1));
    await store.storeEvent('b', note(100));
    await store.storeEvent('a', PRIMING);
    const a2 = await store.storeEvent('a', note(2));
    expect(await replay(store, priming)).toEqual({
      streamId: 'a',
      sent: [
        [a1, note(1)],
        [a2, note(2)],
      ],
    });
    expect(await replay(store, a2)).toEqual({ streamId: 'a', sent: [] });
  });

  it('issues distinct ids that name their stream, even when the stream id holds "|"', async () => {
    const store = new BoundedEventStore();
    const one = await store.storeEvent('x|y', note(1));
    const two = await store.storeEvent('x|y', note(2));
    expect(one).not.toBe(two);
    expect(await store.getStreamIdForEventId(one)).toBe('x|y');
    expect(await store.getStreamIdForEventId('no-separator')).toBeUndefined();
    expect(await store.getStreamIdForEventId('|7')).toBeUndefined();
    expect((await replay(store, one)).sent).toEqual([[two, note(2)]]);
  });
});
