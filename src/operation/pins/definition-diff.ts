/**
 * @module operation/pins/definition-diff
 * A readable diff between a pinned definition and the one a server offers now, for
 * `gatehouse approve` (a unified diff of the pretty-printed canonical JSON, via `diff`).
 */
import { createTwoFilesPatch } from 'diff';

import { canonicalJson } from '../../shared/canonical/index.js';

function pretty(value: unknown): string {
  if (value === undefined) return '';
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}

/** Unified diff from `pinned` (absent for a new item) to `observed`. */
export function definitionDiff(label: string, pinned: unknown, observed: unknown): string {
  return createTwoFilesPatch(
    `${label} (pinned)`,
    `${label} (now)`,
    pretty(pinned),
    pretty(observed),
    '',
    '',
    {
      context: 3,
    },
  );
}
