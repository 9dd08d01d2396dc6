/**
 * @module operation/gateway/relay/subscriptions
 * Resource subscriptions shared by many downstream sessions: one upstream subscription per
 * (server, URI), reference-counted; `resources/updated` goes only to the sessions that subscribed.
 */

export interface SubscriptionChange {
  readonly serverKey: string;
  readonly uri: string;
}

const SEP = '\u0000';

/** Who is subscribed to what. */
export class SubscriptionTable {
  private readonly bySubject = new Map<string, Set<string>>();

  /** Adds a subscriber; true when this is the first one (subscribe upstream). */
  add(sessionId: string, serverKey: string, uri: string): boolean {
    const key = serverKey + SEP + uri;
    let set = this.bySubject.get(key);
    const first = set === undefined;
    if (!set) {
      set = new Set();
      this.bySubject.set(key, set);
    }
    set.add(sessionId);
    return first;
  }

  /** Removes a subscriber; true when it was the last one (unsubscribe upstream). */
  remove(sessionId: string, serverKey: string, uri: string): boolean {
    const key = serverKey + SEP + uri;
    const set = this.bySubject.get(key);
    if (!set?.delete(sessionId)) return false;
    if (set.size > 0) return false;
    this.bySubject.delete(key);
    return true;
  }

  /** Drops every subscription of a session; returns the subjects nobody follows any more. */
  removeSession(sessionId: string): SubscriptionChange[] {
    const emptied: SubscriptionChange[] = [];
    for (const [key, set] of this.bySubject) {
      if (set.delete(sessionId) && set.size === 0) {
        this.bySubject.delete(key);
        emptied.push(split(key));
      }
    }
    return emptied;
  }

  /** Sessions subscribed to (server, uri). */
  subscribers(serverKey: string, uri: string): readonly string[] {
    return [...(this.bySubject.get(serverKey + SEP + uri) ?? [])];
  }

  /** URIs with at least one subscriber at `serverKey` (re-subscribed after a reconnect). */
  urisOf(serverKey: string): string[] {
    const out: string[] = [];
    for (const key of this.bySubject.keys()) {
      const subject = split(key);
      if (subject.serverKey === serverKey) out.push(subject.uri);
    }
    return out;
  }
}

function split(key: string): SubscriptionChange {
  const at = key.indexOf(SEP);
  return { serverKey: key.slice(0, at), uri: key.slice(at + 1) };
}
