/**
 * @module creation/names/affixes
 * Strips affixes that say nothing about which server a name is (`mcp-`, `-mcp`, `server-`,
 * `-mcp-server`, glued `mcp`), so `mcp-server-weather`, `weather-mcp` and `weather_mcp_server`
 * compare as `weather`. Works on tokens, so `server` inside `serverless` stays.
 *
 * Threat: a squatter who only adds or moves an affix (`fetch-mcp` next to `mcp-server-fetch`).
 */
import { GLUED_AFFIXES, GLUED_MIN_REST } from './look-alike-data.js';

/** Affixes as token sequences, in the same comparison form as the tokens they are stripped from. */
export interface AffixSet {
  readonly prefixes: readonly (readonly string[])[];
  readonly suffixes: readonly (readonly string[])[];
  readonly glued: readonly string[];
}

/** An affix list converted to one comparison form by `transform` (applied to every token). */
export function affixSetOf(
  data: {
    readonly prefixes: readonly (readonly string[])[];
    readonly suffixes: readonly (readonly string[])[];
  },
  transform: (token: string) => string,
  glued: readonly string[] = GLUED_AFFIXES,
): AffixSet {
  const convert = (list: readonly (readonly string[])[]) =>
    list
      .map((seq) => seq.map(transform))
      .sort((a, b) => b.length - a.length || b.join('').length - a.join('').length);
  return {
    prefixes: convert(data.prefixes),
    suffixes: convert(data.suffixes),
    glued: glued.map(transform),
  };
}

function startsWithSeq(tokens: readonly string[], seq: readonly string[]): boolean {
  return seq.every((t, i) => tokens[i] === t);
}

function endsWithSeq(tokens: readonly string[], seq: readonly string[]): boolean {
  const offset = tokens.length - seq.length;
  return seq.every((t, i) => tokens[offset + i] === t);
}

/**
 * The key of `tokens`: without leading and trailing affixes (repeatedly, longest first), joined
 * without separators, then without a glued affix at either end (`discordmcp`, and `chatm_cp`
 * once joined). Never strips everything: a name that is only affixes (`mcp-server`) keeps what is
 * left when one more strip would empty it.
 */
export function stripAffixes(tokens: readonly string[], affixes: AffixSet): string {
  let current = [...tokens];
  for (let changed = true; changed;) {
    changed = false;
    const prefix = affixes.prefixes.find(
      (p) => current.length > p.length && startsWithSeq(current, p),
    );
    if (prefix) {
      current = current.slice(prefix.length);
      changed = true;
    }
    const suffix = affixes.suffixes.find(
      (s) => current.length > s.length && endsWithSeq(current, s),
    );
    if (suffix) {
      current = current.slice(0, current.length - suffix.length);
      changed = true;
    }
  }
  let key = current.join('');
  for (const glued of affixes.glued) {
    if (key.startsWith(glued) && key.length - glued.length >= GLUED_MIN_REST) {
      key = key.slice(glued.length);
    }
    if (key.endsWith(glued) && key.length - glued.length >= GLUED_MIN_REST) {
      key = key.slice(0, key.length - glued.length);
    }
  }
  return key;
}
