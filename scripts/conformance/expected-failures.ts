/**
 * @module scripts/conformance/expected-failures
 * The fixture's known direct failures (`fixtures/conformance/expected-failures.yaml`) and the
 * judgement of a direct run against them: every FAILURE must be listed (by scenario, or by
 * `scenario:check-id`) and every listed entry must still fail.
 */
import { readFile } from 'node:fs/promises';

import { parse } from 'yaml';
import { z } from 'zod';

import { PATHS } from './paths.js';
import type { ScenarioResult } from './suite-results.js';

const EntrySchema = z.object({ entry: z.string().min(1), why: z.string().min(1) });
const FileSchema = z.record(
  z.string(),
  z.record(z.string(), z.array(EntrySchema).nullable().default([])),
);

export type ExpectedFailure = z.infer<typeof EntrySchema>;
export type ExpectedFailures = z.infer<typeof FileSchema>;

export async function readExpectedFailures(): Promise<
  { ok: true; value: ExpectedFailures } | { ok: false; message: string }
> {
  let raw: unknown;
  try {
    raw = parse(await readFile(PATHS.expectedFailures, 'utf8'));
  } catch (error) {
    return {
      ok: false,
      message: `cannot read ${PATHS.expectedFailures}: ${(error as Error).message}`,
    };
  }
  const parsed = FileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return { ok: false, message: `${PATHS.expectedFailures}: ${parsed.error.message}` };
  }
  return { ok: true, value: parsed.data };
}

export function expectedFor(
  file: ExpectedFailures,
  version: string,
  selection: string,
): readonly ExpectedFailure[] {
  return file[version]?.[selection] ?? [];
}

export interface FailureJudgement {
  /** FAILURE checks no entry covers, as `scenario / check-id: message`. */
  unexpected: string[];
  /** Entries that matched no FAILURE. */
  stale: ExpectedFailure[];
  /** FAILURE checks an entry covers. */
  expected: number;
}

export function judgeFailures(
  scenarios: readonly ScenarioResult[],
  entries: readonly ExpectedFailure[],
): FailureJudgement {
  const used = new Set<string>();
  const unexpected: string[] = [];
  let expected = 0;
  for (const { scenario, checks } of scenarios) {
    for (const check of checks) {
      if (check.status !== 'FAILURE') continue;
      const match = entries.find(
        (e) => e.entry === scenario || e.entry === `${scenario}:${check.id}`,
      );
      if (match === undefined) {
        unexpected.push(`${scenario} / ${check.id}: ${check.errorMessage ?? '(no message)'}`);
      } else {
        used.add(match.entry);
        expected += 1;
      }
    }
  }
  return { unexpected, stale: entries.filter((e) => !used.has(e.entry)), expected };
}
