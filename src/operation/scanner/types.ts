/**
 * @module operation/scanner/types
 * The vocabulary of the definition scanner: what is scanned (an item and its definition), what a
 * finding is, and the verdict. Shared by the rules, the combiner, the cache and every caller.
 */

/** The kinds of definitions a server offers that reach a model. */
export type ItemKind = 'tool' | 'prompt' | 'resourceTemplate' | 'resource' | 'instructions';

/** Severity of one finding. */
export type Severity = 'low' | 'medium' | 'high';

/** Verdict of a whole definition: its highest finding, or `clean`. */
export type Verdict = 'clean' | Severity;

/** One definition to scan: a tool, prompt, resource (template) or the server's `instructions`. */
export interface ScanItem {
  readonly kind: ItemKind;
  /** Item name (URI template for templates); `""` for instructions. */
  readonly name: string;
  /** The definition as the server sent it (for `instructions`: the string). */
  readonly definition: unknown;
}

/** Stable rule identifiers; new ids may be added, existing ones are never renamed. */
export type RuleId =
  | 'instruction-block'
  | 'hidden-block'
  | 'instruction-override'
  | 'impersonation'
  | 'secrecy'
  | 'secret-access'
  | 'context-harvest'
  | 'exfiltration'
  | 'tool-steering'
  | 'argument-tampering'
  | 'invisible-unicode'
  | 'homoglyph'
  | 'ansi-escape'
  | 'padding'
  | 'encoded-payload'
  | 'scan-limit';

/** One thing the scanner found in a definition. */
export interface Finding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  readonly item: { readonly kind: ItemKind; readonly name: string };
  /** RFC 6901 JSON pointer into the definition (`""` for the definition itself). */
  readonly pointer: string;
  /** A short excerpt; invisible and control characters are written as `<U+200B>`, `<ESC>`. */
  readonly evidence: string;
  /** What was found and why it matters, in one sentence. */
  readonly message: string;
}

/** The outcome of scanning one definition. */
export interface ScanResult {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

/** Caps that keep a scan bounded whatever the input. */
export interface ScanLimits {
  /** Deepest JSON nesting walked. */
  readonly maxDepth: number;
  /** Most JSON nodes (values and keys) visited in one definition. */
  readonly maxNodes: number;
  /** Most characters of one string examined by the per-character pass. */
  readonly maxFieldChars: number;
  /** Characters of one string given to the phrase rules, from its start and from its end. */
  readonly phraseWindow: number;
  /** Characters given to the phrase rules in one definition, over all its strings. */
  readonly phraseBudget: number;
  /** Nested decodings (base64 of percent-encoding …) followed. */
  readonly maxDecodeDepth: number;
  /** Characters of decoded text scanned in one definition. */
  readonly decodeBudget: number;
  /** Findings reported for one definition. */
  readonly maxFindings: number;
}

/** Options of {@link ScanLimits} and friends for one scan. */
export interface ScanOptions {
  readonly limits?: Partial<ScanLimits>;
}
