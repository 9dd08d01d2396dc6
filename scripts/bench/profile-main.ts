/**
 * @module scripts/bench/profile-main
 * `node dist/scripts/bench/profile-main.js FILE_OR_DIR... [--top N]`: prints the top self-time and
 * total-time functions of each `.cpuprofile` (e.g. written by `npm run bench -- --profile DIR`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { cpuProfileSchema, renderProfileSummary, summarizeProfile } from './cpu-profile.js';

function profileFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .map((name) => path.join(target, name));
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string' } },
  });
  const top = values.top === undefined ? 25 : Number(values.top);
  if (positionals.length === 0 || !Number.isInteger(top) || top < 1) {
    console.error('usage: node dist/scripts/bench/profile-main.js FILE_OR_DIR... [--top N]');
    return 2;
  }
  for (const file of positionals.flatMap(profileFiles)) {
    const parsed = cpuProfileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      console.error(`${file}: not a .cpuprofile (${parsed.error.issues[0]?.message ?? '?'})`);
      return 1;
    }
    console.log(renderProfileSummary(path.basename(file), summarizeProfile(parsed.data, top)));
  }
  return 0;
}

process.exitCode = main();
