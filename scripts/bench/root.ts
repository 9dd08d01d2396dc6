/**
 * @module scripts/bench/root
 * Where the repository is, for scripts run from `dist/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest directory above this file whose package.json is gatehouse's. */
export function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
      if (json.name === 'gatehouse') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the gatehouse repository root');
    dir = parent;
  }
}
