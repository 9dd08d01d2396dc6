/**
 * @module operation/gateway/naming/clash
 * Finding and settling clashes between the public names of one kind (tools or prompts).
 *
 * Two names clash when any {@link clashKeys} key is equal. Clashing names form groups (connected
 * components: `a` clashes with `b`, `b` with `c` puts all three in one group). In a group,
 * members are sorted by (server key, item name), both by code points; the first member whose
 * prefix is not empty keeps its name, every other member is renamed. A renamed member tries, in
 * order: (empty prefix only) the same name under its server key's prefix, then its name with
 * `_` + 4, 5, ... 12 characters of the hash of its server key, then `_` + 8 characters of a hash
 * of (server key, kind, name, attempt). The first candidate that clashes with no name already
 * settled wins. Settled first are all names outside any group and all keepers; renamed members
 * are then taken in (server key, item name) order. The result is independent of input order, and
 * no two final names clash in any way.
 *
 * Threat: shadowing, where one server's tool hides or impersonates another's under an equal or
 * look-alike name. Nothing is dropped: every input gets a distinct, non-clashing public name.
 */
import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import { compareCodePointPairs, compareCodePoints } from './code-point-order.js';
import { displayQuote } from './display-quote.js';
import { CLASH_TYPES, type ClashKeys, clashKeys, type ClashType } from './fold.js';
import { keyPrefix } from './prefix.js';
import { composeName, type PlannedName, planPublicName, PREFIX_SEPARATOR } from './public-name.js';
import { shortHash } from './short-hash.js';

/** The two item namespaces; a tool and a prompt never clash with each other. */
export type ItemKind = 'tool' | 'prompt';

/** One item asking for a public name. */
export interface NameRequest {
  readonly serverKey: string;
  /** The server's normalised prefix. */
  readonly prefix: string;
  /** The item's own name, as the server gives it. */
  readonly name: string;
}

/** One member of a clash group. */
export interface ClashMember {
  readonly serverKey: string;
  /** The item's own name. */
  readonly name: string;
  /** The public name the item would have had without the clash. */
  readonly before: string;
  /** The public name it has. Equal to `before` for the member that kept its name. */
  readonly after: string;
}

/** A group of clashing public names and how it was settled. */
export interface Clash {
  readonly kind: ItemKind;
  /** The strictest comparison under which the whole group hangs together. */
  readonly type: ClashType;
  /** Sorted by (server key, item name). */
  readonly members: readonly ClashMember[];
  /** One sentence saying who kept which name and who got which new name. */
  readonly resolution: string;
}

/** The outcome of {@link assignPublicNames}. */
export interface NameAssignment {
  /** Public names, in the same order as the requests. */
  readonly names: readonly string[];
  /** Clash groups, sorted by their first member. */
  readonly clashes: readonly Clash[];
}

/** Suffix lengths tried from the server key's hash before falling back to counters. */
const FIRST_SUFFIX_LENGTH = 4;
const LAST_SUFFIX_LENGTH = 12;
/** Counter attempts after the server-key suffixes; reaching it would be an internal error. */
const MAX_COUNTER_ATTEMPTS = 10_000;

class UnionFind {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root]!;
    let node = i;
    while (this.parent[node] !== root) {
      const next = this.parent[node]!;
      this.parent[node] = root;
      node = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Joins, in `uf`, every pair of `indices` whose key of one of `types` is equal. */
function joinByKeys(
  uf: UnionFind,
  indices: readonly number[],
  keys: readonly ClashKeys[],
  types: readonly ClashType[],
): void {
  for (const type of types) {
    const first = new Map<string, number>();
    for (const i of indices) {
      const key = keys[i]![type];
      const seen = first.get(key);
      if (seen === undefined) first.set(key, i);
      else uf.union(seen, i);
    }
  }
}

/** The strictest type under which every member of `group` is connected to every other. */
function groupType(group: readonly number[], keys: readonly ClashKeys[]): ClashType {
  const local = group.map((i) => keys[i]!);
  const indices = local.map((_, i) => i);
  for (let level = 0; level < CLASH_TYPES.length; level++) {
    const uf = new UnionFind(local.length);
    joinByKeys(uf, indices, local, CLASH_TYPES.slice(0, level + 1));
    if (indices.every((i) => uf.find(i) === uf.find(0))) return CLASH_TYPES[level]!;
  }
  return 'confusable';
}

/** The keys of every settled name, to test candidates against. */
class SettledNames {
  private readonly sets: Record<ClashType, Set<string>> = {
    exact: new Set(),
    case: new Set(),
    separator: new Set(),
    confusable: new Set(),
  };
  clashes(keys: ClashKeys): boolean {
    return CLASH_TYPES.some((type) => this.sets[type].has(keys[type]));
  }
  add(keys: ClashKeys): void {
    for (const type of CLASH_TYPES) this.sets[type].add(keys[type]);
  }
}

/**
 * Items of empty-prefix servers whose names read as another server's `prefix__name`. Threat:
 * impersonation; an unprefixed `gh__delete_repo` from one server would pass for a tool of the
 * server whose prefix is `gh`. Such an item is treated as clashing and gets its own key's prefix.
 */
function findIntrusions(
  requests: readonly NameRequest[],
  reservedPrefixes: readonly string[],
): Map<number, { prefix: string; type: ClashType }> {
  const found = new Map<number, { prefix: string; type: ClashType }>();
  const reserved = reservedPrefixes.filter((p) => p !== '').map((p) => ({ p, keys: clashKeys(p) }));
  if (reserved.length === 0) return found;
  requests.forEach((request, i) => {
    if (request.prefix !== '') return;
    const at = request.name.indexOf(PREFIX_SEPARATOR);
    if (at <= 0) return;
    const head = clashKeys(request.name.slice(0, at));
    // The strictest match wins, then the prefix first by code points: independent of input order.
    let best: { prefix: string; type: ClashType; rank: number } | undefined;
    for (const { p, keys } of reserved) {
      const rank = CLASH_TYPES.findIndex((t) => head[t] === keys[t]);
      if (rank === -1) continue;
      if (
        !best ||
        rank < best.rank ||
        (rank === best.rank && compareCodePoints(p, best.prefix) < 0)
      ) {
        best = { prefix: p, type: CLASH_TYPES[rank]!, rank };
      }
    }
    if (best) found.set(i, { prefix: best.prefix, type: best.type });
  });
  return found;
}

/** Candidate public names for a member that must give up its name, best first. */
function* renameCandidates(
  kind: ItemKind,
  request: NameRequest,
  planned: PlannedName,
  maxLength: number,
): Generator<string> {
  let base = planned;
  if (request.prefix === '') {
    // An empty prefix is allowed only while it collides with nothing.
    base = planPublicName(keyPrefix(request.serverKey), request.name, maxLength);
    yield base.publicName;
  }
  const rest = base.publicName.slice(base.prefixPart.length + PREFIX_SEPARATOR.length);
  const serverHash = shortHash(request.serverKey, LAST_SUFFIX_LENGTH);
  for (let length = FIRST_SUFFIX_LENGTH; length <= LAST_SUFFIX_LENGTH; length++) {
    yield composeName(base.prefixPart, rest, `_${serverHash.slice(0, length)}`, maxLength);
  }
  for (let attempt = 1; attempt <= MAX_COUNTER_ATTEMPTS; attempt++) {
    const hash = shortHash(
      `${request.serverKey}\u0000${kind}\u0000${request.name}\u0000${attempt}`,
    );
    yield composeName(base.prefixPart, rest, `_${hash}`, maxLength);
  }
}

function describeMember(kind: ItemKind, member: ClashMember): string {
  return `${kind} ${displayQuote(member.name)} of server ${displayQuote(member.serverKey)}`;
}

function resolutionSentence(
  kind: ItemKind,
  keeper: ClashMember | undefined,
  renamed: readonly ClashMember[],
): string {
  const parts: string[] = [];
  if (keeper) parts.push(`${describeMember(kind, keeper)} keeps ${keeper.after}`);
  else parts.push('no member keeps the unprefixed name');
  for (const member of renamed)
    parts.push(`${describeMember(kind, member)} becomes ${member.after}`);
  return `${parts.join('; ')}.`;
}

/**
 * Gives every request of one kind a public name that clashes with no other. Requests must have
 * distinct (server key, name) pairs and normalised prefixes.
 */
export function assignPublicNames(
  kind: ItemKind,
  requests: readonly NameRequest[],
  maxLength: number,
  reservedPrefixes: readonly string[] = [],
): NameAssignment {
  const intrusions = findIntrusions(requests, reservedPrefixes);
  const planned = requests.map((r) => planPublicName(r.prefix, r.name, maxLength));
  const keys = planned.map((p) => clashKeys(p.publicName));
  const all = requests.map((_, i) => i);
  const uf = new UnionFind(requests.length);
  joinByKeys(uf, all, keys, CLASH_TYPES);

  const byRoot = new Map<number, number[]>();
  for (const i of all) {
    const root = uf.find(i);
    const members = byRoot.get(root);
    if (members) members.push(i);
    else byRoot.set(root, [i]);
  }
  const order = (a: number, b: number): number =>
    compareCodePointPairs(
      [requests[a]!.serverKey, requests[a]!.name],
      [requests[b]!.serverKey, requests[b]!.name],
    );

  const names: (string | undefined)[] = planned.map(() => undefined);
  const settled = new SettledNames();
  const groups: number[][] = [];
  const toRename: number[] = [];
  for (const members of byRoot.values()) {
    if (members.length === 1 && !intrusions.has(members[0]!)) {
      const only = members[0]!;
      names[only] = planned[only]!.publicName;
      settled.add(keys[only]!);
      continue;
    }
    members.sort(order);
    groups.push(members);
    const keeper = members.find((i) => requests[i]!.prefix !== '');
    if (keeper !== undefined) {
      names[keeper] = planned[keeper]!.publicName;
      settled.add(keys[keeper]!);
    }
    for (const i of members) if (i !== keeper) toRename.push(i);
  }

  toRename.sort(order);
  for (const i of toRename) {
    for (const candidate of renameCandidates(kind, requests[i]!, planned[i]!, maxLength)) {
      const candidateKeys = clashKeys(candidate);
      if (settled.clashes(candidateKeys)) continue;
      names[i] = candidate;
      settled.add(candidateKeys);
      break;
    }
    if (names[i] === undefined) {
      // Fail closed: never hand out a name that clashes.
      throw new GatehouseError(
        ErrorCode.Internal,
        `could not find a free public name for ${kind} ${displayQuote(requests[i]!.name)} of server ${displayQuote(requests[i]!.serverKey)}`,
      );
    }
  }

  const clashes = groups
    .sort((a, b) => order(a[0]!, b[0]!))
    .map((group): Clash => {
      const members = group.map((i): ClashMember => ({
        serverKey: requests[i]!.serverKey,
        name: requests[i]!.name,
        before: planned[i]!.publicName,
        after: names[i]!,
      }));
      const intrusion = group.length === 1 ? intrusions.get(group[0]!) : undefined;
      if (intrusion && members[0]) {
        return {
          kind,
          type: intrusion.type,
          members,
          resolution: `${describeMember(kind, members[0])} has no prefix but looks like it belongs to the prefix ${displayQuote(intrusion.prefix)}; it becomes ${members[0].after}.`,
        };
      }
      const keeperIndex = group.findIndex((i) => requests[i]!.prefix !== '');
      const keeper = keeperIndex === -1 ? undefined : members[keeperIndex];
      const renamed = members.filter((_, index) => index !== keeperIndex);
      return {
        kind,
        type: groupType(group, keys),
        members,
        resolution: resolutionSentence(kind, keeper, renamed),
      };
    });

  return { names: names.map((name) => name!), clashes };
}
