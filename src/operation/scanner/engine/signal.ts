/**
 * @module operation/scanner/engine/signal
 * What rules emit before severities are combined. A signal is one observation (a hidden block,
 * a request to read a key file, a zero-width character inside a word) with a facet (what kind of
 * evidence it is) and a strength; the combiner turns signals into findings and a verdict.
 */
import type { RuleId } from '../types.js';

/**
 * Kinds of evidence. `marker` and `conceal` say text is framed or hidden; the rest say what the
 * text tries to make the model do: override its instructions (`authority`), speak as someone
 * else (`identity`), keep things from the user, reach secrets (`sensitive`), collect the model's
 * own context (`harvest`), send data out (`transfer`), steer tools, or alter arguments (`tamper`).
 */
export type Facet =
  | 'marker'
  | 'conceal'
  | 'authority'
  | 'identity'
  | 'secrecy'
  | 'sensitive'
  | 'harvest'
  | 'transfer'
  | 'steer'
  | 'tamper';

/** 0: counts only in combination; 1: low; 2: medium; 3: high on its own. */
export type Strength = 0 | 1 | 2 | 3;

/** A raw span of one string of the definition. */
export interface Span {
  readonly field: number;
  readonly start: number;
  readonly end: number;
}

/** One observation of one rule. */
export interface Signal {
  readonly id: number;
  readonly ruleId: RuleId;
  readonly facet: Facet;
  readonly strength: Strength;
  readonly pointer: string;
  /** The excerpt, made when a finding needs it (most signals never become findings). */
  readonly evidence: () => string;
  readonly message: string;
  /** Quoted or talked about (a classifier's examples), not said: capped at low, never combined. */
  readonly mention: boolean;
  /** Where it is, when it is in the definition's own text (decoded text has no raw span). */
  readonly span: Span | undefined;
  /** The region this signal hides or frames (markers and concealment). */
  readonly region: Span | undefined;
  /** Id of the hiding signal whose region or decoded text holds this signal. */
  hiddenBy: number | undefined;
  /** Rule and matched normalised text: the same observation made twice has the same key. */
  readonly key: (() => string) | undefined;
}

/** An instruction addressed to the model ("you must …", "always …"): weighs only in combination. */
export interface Directive {
  readonly span: Span | undefined;
  readonly evidence: () => string;
  hiddenBy: number | undefined;
}

/** The facets that say what the text tries to make the model do. */
export const PAYLOAD_FACETS: ReadonlySet<Facet> = new Set([
  'authority',
  'identity',
  'secrecy',
  'sensitive',
  'harvest',
  'transfer',
  'steer',
  'tamper',
]);

/** The facets that say text is framed or hidden. */
export const HIDING_FACETS: ReadonlySet<Facet> = new Set(['marker', 'conceal']);
