/**
 * @module scripts/eval/corpus
 * The labelled corpus the evaluation scores: each definition, where it comes from, and what it
 * is. `poisoned`: the attack is in the definition's own text (what a definition scanner can
 * see). `benign`: a definition with no attack. `out-of-scope`: a definition from an attack whose
 * harm is not in its text (name squatting, malicious behaviour behind an ordinary description,
 * tool responses); reported, not scored.
 */
import type { ScanItem } from '../../src/operation/scanner/index.js';

export type Label = 'poisoned' | 'benign' | 'out-of-scope';

export interface LabelledItem {
  /** Stable id: `source/…`. */
  readonly id: string;
  /** Data set or server it came from. */
  readonly source: string;
  readonly label: Label;
  /** Attack type (poisoned and out-of-scope). */
  readonly attackType?: string;
  /** Why it is labelled so, where that is not obvious. */
  readonly note?: string;
  readonly item: ScanItem;
}

/** Parameters as a JSON Schema object, the way MCP SDKs derive them from a signature. */
export function inputSchemaOf(
  params: readonly string[],
  extra: Record<string, Record<string, unknown>> = {},
): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const p of params) {
    properties[p] = {
      title: p.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
      type: 'string',
      ...extra[p],
    };
  }
  return { type: 'object', properties, required: [...params] };
}

/** An MCP tool definition from a name, a description and parameter names. */
export function toolItem(
  name: string,
  description: string,
  params: readonly string[] = [],
  extra: Record<string, Record<string, unknown>> = {},
): ScanItem {
  return {
    kind: 'tool',
    name,
    definition: { name, description, inputSchema: inputSchemaOf(params, extra) },
  };
}

/** Removes the common indentation of a Python docstring (as `inspect.getdoc` does). */
export function dedent(doc: string): string {
  const lines = doc.replace(/\t/g, '    ').split('\n');
  const first = (lines.shift() ?? '').trim();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  const rest = lines.map((l) => l.slice(cut).trimEnd());
  return [first, ...rest].join('\n').trim();
}
