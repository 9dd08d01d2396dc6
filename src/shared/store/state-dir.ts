/**
 * @module shared/store/state-dir
 * Where Gatehouse keeps what changes at run time (the SQLite store: audit log, pins,
 * quarantines, approvals) and the key files that must live outside it (the audit checkpoint
 * signing key). Chosen in this order: an explicit path, `GATEHOUSE_STATE_DIR`, the platform's
 * per-user state folder (`$XDG_STATE_HOME/gatehouse`, `~/.local/state/gatehouse`,
 * `%LOCALAPPDATA%\gatehouse`, `~/Library/Application Support/gatehouse`).
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The state directory, created (mode 0700) if missing. */
export function resolveStateDir(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const dir = path.resolve(explicit ?? env.GATEHOUSE_STATE_DIR ?? defaultStateDir(env, platform));
  // Threat: other local users reading the audit log or forging approvals: owner-only access.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function defaultStateDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'gatehouse');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'gatehouse');
  return path.join(env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'), 'gatehouse');
}
