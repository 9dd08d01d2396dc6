/**
 * @module operation/pins/pin-check
 * Compares what a server offers now with what was pinned for it. Threat: the rug pull, a server
 * that changes a tool's description or schema after it was trusted (or slips in a new tool, or
 * renames one to escape its pin). The first time a server identity is seen everything it offers is
 * pinned (trust on first use); after that, a definition whose canonical hash differs from its pin,
 * and any name that was not in the pinned set, is quarantined: withheld from the host, calls
 * refused, until someone approves it (changed `instructions` are replaced by the approved text). What is accepted is the pinned definition itself, so the
 * gateway forwards exactly what it checked.
 */
import type { Definition, PinState, QuarantineEntry } from './pin-types.js';
import { pinKey } from './pin-types.js';

export interface PinCheckResult {
  /** Definitions to serve (the pinned content). */
  readonly accepted: readonly Definition[];
  /** Every definition withheld right now, new or already quarantined before. */
  readonly quarantined: readonly QuarantineEntry[];
  /** On first acceptance: what to pin. */
  readonly establish?: readonly Definition[];
  /** Quarantine entries that no longer apply (the change went away). */
  readonly released: readonly { kind: Definition['kind']; name: string }[];
}

/** Pure comparison of `current` against `state`. */
export function checkPins(
  current: readonly Definition[],
  state: PinState,
  serverKey: string,
  now: string = new Date().toISOString(),
): PinCheckResult {
  if (!state.established)
    return { accepted: current, quarantined: [], establish: current, released: [] };
  const accepted: Definition[] = [];
  const quarantined: QuarantineEntry[] = [];
  const seen = new Set<string>();
  for (const definition of current) {
    const key = pinKey(definition.kind, definition.name);
    seen.add(key);
    const pin = state.pins.get(key);
    if (pin && pin.hash === definition.hash) {
      accepted.push(pin);
      continue;
    }
    // Changed instructions are withheld by serving the approved text instead: instructions only
    // steer the model, and the approved version is known to be harmless. A changed tool, prompt or
    // template is withheld entirely (the server behind the old definition has changed).
    if (pin && definition.kind === 'instructions') accepted.push(pin);
    const previous = state.quarantine.get(key);
    quarantined.push({
      kind: definition.kind,
      name: definition.name,
      change: pin ? 'changed' : 'added',
      observed: definition,
      ...(pin ? { pinnedHash: pin.hash } : {}),
      firstSeen: previous && previous.observed.hash === definition.hash ? previous.firstSeen : now,
      serverKey,
    });
  }
  const released = [...state.quarantine.values()]
    .filter((q) => {
      const key = pinKey(q.kind, q.name);
      if (!seen.has(key)) return true;
      const pin = state.pins.get(key);
      const now = current.find((d) => pinKey(d.kind, d.name) === key);
      return pin !== undefined && now !== undefined && pin.hash === now.hash;
    })
    .map((q) => ({ kind: q.kind, name: q.name }));
  return { accepted, quarantined, released };
}

/** One line describing a quarantine, for errors and logs. */
export function describeQuarantine(entry: QuarantineEntry): string {
  const what = entry.kind === 'instructions' ? 'instructions' : `${entry.kind} "${entry.name}"`;
  return entry.change === 'changed'
    ? `${what} changed since it was approved (pinned ${entry.pinnedHash?.slice(0, 12) ?? '?'}, now ${entry.observed.hash.slice(0, 12)})`
    : `${what} is new since the server was first trusted`;
}
