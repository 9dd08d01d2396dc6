/**
 * @module operation/pins/pin-types
 * The vocabulary of pinning: what is pinned (every tool, prompt and resource template, the
 * server's `instructions`, and through them the set of names), what a quarantine holds, and the
 * store interface (SQLite today, PostgreSQL later).
 */

export type PinKind = 'tool' | 'prompt' | 'resourceTemplate' | 'instructions';

/** One definition as a server offered it, with its canonical hash. */
export interface Definition {
  readonly kind: PinKind;
  /** Item name (URI template for templates); `""` for instructions. */
  readonly name: string;
  readonly definition: unknown;
  readonly hash: string;
}

/** A definition that was accepted (first use) or approved. */
export interface Pin extends Definition {
  readonly pinnedAt: string;
  /** Who approved it; absent for trust on first use. */
  readonly approvedBy?: string;
}

/** A definition withheld until approved. */
export interface QuarantineEntry {
  readonly kind: PinKind;
  readonly name: string;
  /** `changed`: differs from its pin; `added`: a name that was not in the pinned set. */
  readonly change: 'changed' | 'added';
  readonly observed: Definition;
  /** The pinned hash it differs from (`changed` only). */
  readonly pinnedHash?: string;
  readonly firstSeen: string;
  readonly serverKey: string;
}

/** Everything pinned for one server identity. */
export interface PinState {
  readonly established: boolean;
  readonly pins: ReadonlyMap<string, Pin>;
  readonly quarantine: ReadonlyMap<string, QuarantineEntry>;
}

/** Row key of a definition within one identity. */
export function pinKey(kind: PinKind, name: string): string {
  return `${kind}\u0000${name}`;
}

/** Where pins live. Every method is synchronous: the SQLite store is local and fast. */
export interface PinStore {
  load(identity: string): PinState;
  /** First acceptance: pins `definitions` and marks the identity established. */
  establish(identity: string, label: string, definitions: readonly Definition[]): void;
  /** Records (or refreshes) a quarantine entry. */
  quarantine(identity: string, entry: QuarantineEntry): void;
  /** Drops a quarantine entry (the change went away). */
  release(identity: string, kind: PinKind, name: string): void;
  /** Turns a quarantined definition into the pin; returns it, or undefined if none matched. */
  approve(identity: string, kind: PinKind, name: string, by: string): Pin | undefined;
  /** Every identity with its label, pins and quarantines (for `gatehouse pins`). */
  list(): { identity: string; label: string; state: PinState }[];
  /** Increases whenever an approval is recorded (running gateways poll it). */
  version(): number;
}
