/** Real temporary folders, removed after the test file. */
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll } from 'vitest';

/** A fresh temp folder that is deleted when the current test file ends. */
export function useTempDir(prefix = 'gatehouse-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  // Sandboxed servers run as uid 65534 when the tests run as root; a folder granted to them for
  // writing must be theirs (root, the test, writes anywhere anyway).
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) chownSync(dir, 65534, 65534);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
