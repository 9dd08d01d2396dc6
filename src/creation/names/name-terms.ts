/**
 * @module creation/names/name-terms
 * What is compared of a name. A server name is reverse-DNS (`io.github.alice/weather`: namespace
 * `io.github.alice`, name `weather`); an npm identifier is scoped (`@alice/weather-mcp`) or not
 * (`mcp-server-weather`); anything else (`Google Maps`) is a plain display name. Each becomes
 * terms in one of two pools:
 *
 * - `owner`: namespaces and npm scopes, without the top-level label and code-host label
 *   (`io.github.alice`, `com.alice` and `@alice` all compare as `alice`);
 * - `product`: server names and npm package names without their scope, affixes stripped. A
 *   name of generic words only (`mcp-server`) identifies nothing and is not a term.
 *
 * Unscoped npm names are `flat`: npm has one namespace for them, so an equal one is taken.
 */
import type { AffixSet } from './affixes.js';
import { affixSetOf, stripAffixes } from './affixes.js';
import {
  GENERIC_TOKENS,
  HOSTING_LABELS,
  NEAR_EQUAL_PAIRS,
  OWNER_AFFIXES,
  PRODUCT_AFFIXES,
} from './look-alike-data.js';
import { lookFold, plainTokens, skeletonOf, skeletonTokens, typedFold } from './normalize.js';

/** Which part of a name a term comes from. */
export type NameField = 'name' | 'namespace' | 'npm';

/** Terms are only compared within a pool. */
export type NamePool = 'product' | 'owner';

/** One comparable part of a name, in every comparison form (tokens joined without separators). */
export interface NameTerm {
  readonly field: NameField;
  readonly pool: NamePool;
  /** An unscoped npm package name (npm's single flat namespace). */
  readonly flat: boolean;
  /** The part as written. */
  readonly text: string;
  /** Lower case, separators removed, affixes kept: equal here is the same name. */
  readonly bare: string;
  /** Lower case, separators and affixes removed. */
  readonly plain: string;
  /** The TR39 skeleton (see normalize). */
  readonly skeleton: string;
  /** The skeleton with every look-alike folded: equal here looks the same. */
  readonly look: string;
  /** The `look` key read with `1` as `i`, when the part has a `1`. */
  readonly lookAlt?: string;
  /** The key the edit distance is measured on (see typedFold). */
  readonly typed: string;
  /** `typed` with near-equal letters folded together: the key of the edit-distance index. */
  readonly coarse: string;
}

/** A name split into its parts. */
export type ParsedName =
  | { readonly kind: 'server'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'npm'; readonly scope?: string; readonly name: string }
  | { readonly kind: 'plain'; readonly name: string };

// Spaces are spelled out: JavaScript's \s also matches U+FEFF, an invisible character that must
// stay inside the name to be caught.
const NPM_UNSCOPED = /^[a-z0-9][a-z0-9._~-]*$/;
const NPM_SCOPED = /^@([^/ \t\r\n]+)\/([^/ \t\r\n]+)$/;
const SERVER = /^([^/ \t\r\n@][^/ \t\r\n]*)\/([^/]+)$/;

/** Splits a name into namespace and name (server), scope and name (npm), or a plain name. */
export function parseName(raw: string): ParsedName {
  const value = raw.trim();
  const scoped = NPM_SCOPED.exec(value);
  if (scoped) return { kind: 'npm', scope: scoped[1] ?? '', name: scoped[2] ?? '' };
  const server = SERVER.exec(value);
  if (server) return { kind: 'server', namespace: server[1] ?? '', name: server[2] ?? '' };
  if (NPM_UNSCOPED.test(value)) return { kind: 'npm', name: value };
  return { kind: 'plain', name: value };
}

interface Level {
  readonly tokens: (text: string) => string[];
  readonly token: (token: string) => string;
  readonly product: AffixSet;
  readonly owner: AffixSet;
  readonly hosts: ReadonlySet<string>;
}

function level(tokens: (text: string) => string[], token: (t: string) => string): Level {
  return {
    tokens,
    token,
    product: affixSetOf(PRODUCT_AFFIXES, token),
    owner: affixSetOf(OWNER_AFFIXES, token),
    hosts: new Set(HOSTING_LABELS.map(token)),
  };
}

/** A level over skeleton tokens, each folded by `fold`. */
function folded(fold: (t: string) => string): Level {
  return level(
    (text) =>
      skeletonTokens(text)
        .map(fold)
        .filter((t) => t !== ''),
    (t) => fold(skeletonOf(t)),
  );
}

const PLAIN = level(plainTokens, (t) => t.toLowerCase());
const NO_AFFIXES: AffixSet = { prefixes: [], suffixes: [], glued: [] };
const BARE: Level = { ...PLAIN, product: NO_AFFIXES, owner: NO_AFFIXES };
const SKELETON = level(skeletonTokens, skeletonOf);
const LOOK = folded(lookFold);
const TYPED = folded(typedFold);
const GENERIC = new Set(GENERIC_TOKENS.map(LOOK.token));

/** A name of generic words only (`mcp-server`), which identifies nothing. */
function isGeneric(text: string): boolean {
  return LOOK.tokens(text).every((t) => GENERIC.has(t));
}

const COARSE = new Map(NEAR_EQUAL_PAIRS.map(([a, b]) => [b, a]));

/** `typed` with every near-equal letter replaced by its pair's first letter. */
export function coarseOf(typed: string): string {
  let out = '';
  for (const ch of typed) out += COARSE.get(ch) ?? ch;
  return out;
}

type KeyOf = (lv: Level, text: string) => string;

const productKey: KeyOf = (lv, text) => stripAffixes(lv.tokens(text), lv.product);

/**
 * The owner key: labels after the top-level one (reverse DNS starts with it) and after a code
 * host's label, so `io.github.alice` is `alice`; a single label is kept as it is.
 */
function ownerKey(reverseDns: boolean): KeyOf {
  return (lv, namespace) => {
    let labels = namespace.split('.');
    if (reverseDns && labels.length > 1) labels = labels.slice(1);
    if (reverseDns && labels.length > 1 && lv.hosts.has(lv.token(labels[0] ?? ''))) {
      labels = labels.slice(1);
    }
    return stripAffixes(
      labels.flatMap((l) => lv.tokens(l)),
      lv.owner,
    );
  };
}

function term(
  field: NameField,
  pool: NamePool,
  flat: boolean,
  text: string,
  part: string,
  key: KeyOf,
): NameTerm {
  const look = key(LOOK, part);
  const typed = key(TYPED, part);
  const lookAlt = part.includes('1') ? key(LOOK, part.replaceAll('1', 'i')) : undefined;
  return {
    field,
    pool,
    flat,
    text,
    bare: key(BARE, part),
    plain: key(PLAIN, part),
    skeleton: key(SKELETON, part),
    look,
    ...(lookAlt !== undefined && lookAlt !== look ? { lookAlt } : {}),
    typed,
    coarse: coarseOf(typed),
  };
}

function npmTermsOf(scope: string | undefined, name: string, text: string): NameTerm[] {
  const terms: NameTerm[] = [];
  if (scope !== undefined)
    terms.push(term('npm', 'owner', false, `@${scope}`, scope, ownerKey(false)));
  if (!isGeneric(name))
    terms.push(term('npm', 'product', scope === undefined, text, name, productKey));
  return terms;
}

const nonEmpty = (terms: NameTerm[]): NameTerm[] =>
  terms.filter((t) => t.look !== '' && t.skeleton !== '' && t.plain !== '');

/** The terms of one name, owner part first. Terms with nothing left to compare are dropped. */
export function termsOf(raw: string): NameTerm[] {
  const parsed = parseName(raw);
  const terms: NameTerm[] = [];
  if (parsed.kind === 'server') {
    const ns = parsed.namespace;
    terms.push(term('namespace', 'owner', false, ns, ns, ownerKey(true)));
    if (!isGeneric(parsed.name)) {
      terms.push(term('name', 'product', false, parsed.name, parsed.name, productKey));
    }
  } else if (parsed.kind === 'npm') {
    terms.push(...npmTermsOf(parsed.scope, parsed.name, raw.trim()));
  } else if (!isGeneric(parsed.name)) {
    terms.push(term('name', 'product', false, parsed.name, parsed.name, productKey));
  }
  return nonEmpty(terms);
}

/**
 * The terms of an npm identifier. Always read as npm, even with characters npm refuses (a
 * look-alike written with them must still be compared as the npm name it imitates) or written
 * `scope/name` without the `@`.
 */
export function npmTermsOfIdentifier(identifier: string): NameTerm[] {
  const value = identifier.trim();
  const slash = value.indexOf('/');
  if (slash < 0) return nonEmpty(npmTermsOf(undefined, value, value));
  const scope = value.slice(value.startsWith('@') ? 1 : 0, slash);
  return nonEmpty(npmTermsOf(scope, value.slice(slash + 1), value));
}
