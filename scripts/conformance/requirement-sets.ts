/**
 * @module scripts/conformance/requirement-sets
 * Reads a frozen requirement set of the 0.2.0-alpha suite (`requirements/<revision>.yaml` in the
 * package): the server scenarios a revision requires (scored) and those it runs and reports
 * without scoring (extensions, pending, added after the release).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { parse } from 'yaml';
import { z } from 'zod';

import { PATHS } from './paths.js';

const RequirementSetSchema = z.object({
  server: z.array(z.string()).default([]),
  client: z.array(z.string()).default([]),
  not_scored: z
    .array(
      z.object({
        scenario: z.string(),
        leg: z.enum(['server', 'client']),
        reason: z.string(),
      }),
    )
    .default([]),
});

export interface ServerRequirements {
  scored: ReadonlySet<string>;
  /** Not-scored server scenarios with the suite's reason (extension, pending, ...). */
  notScored: ReadonlyMap<string, string>;
}

export async function readServerRequirements(
  revision: string,
): Promise<{ ok: true; value: ServerRequirements } | { ok: false; message: string }> {
  const file = join(PATHS.suiteNextRequirements, `${revision}.yaml`);
  let raw: unknown;
  try {
    raw = parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { ok: false, message: `cannot read ${file}: ${(error as Error).message}` };
  }
  const parsed = RequirementSetSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, message: `${file} is not a requirement set: ${parsed.error.message}` };
  }
  const notScored = new Map<string, string>();
  for (const entry of parsed.data.not_scored) {
    if (entry.leg === 'server') notScored.set(entry.scenario, entry.reason);
  }
  return { ok: true, value: { scored: new Set(parsed.data.server), notScored } };
}
