/**
 * @module operation/pins/server-identity
 * What a server *is*, for pinning: its launch command (command, arguments, working directory) or
 * its URL, never its config key. Threat: re-trust by renaming. If pins were keyed by the config
 * key, renaming `github:` to `gh:` would make a rug-pulled server look new and be trusted on first
 * use again; keyed by identity, the new key inherits the old pins. Secrets (env, headers) are not
 * part of the identity, so rotating a token does not reset trust either. An installed package adds
 * its name and version once the installer exists (creation phase).
 */
import { canonicalJson, jcsHash } from '../../shared/canonical/index.js';
import type { ServerConfig } from '../../shared/config/schema.js';

export interface ServerIdentity {
  /** Stable digest of the identity; the key pins are stored under. */
  readonly id: string;
  /** Human-readable form, for `gatehouse pins` and messages. */
  readonly label: string;
}

/** The identity of a configured server. */
export function serverIdentity(config: ServerConfig): ServerIdentity {
  if (config.transport === 'stdio') {
    const subject = {
      transport: 'stdio',
      command: config.command,
      args: config.args,
      ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
    };
    const label = [config.command, ...config.args].join(' ');
    return { id: jcsHash(subject), label: config.cwd ? `${label} (in ${config.cwd})` : label };
  }
  const url = normaliseUrl(config.url);
  return { id: jcsHash({ transport: 'remote', url }), label: url };
}

/** One form per URL: lowercase scheme and host, no default port, no fragment. */
function normaliseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.hash = '';
    return url.href;
  } catch {
    return canonicalJson(raw);
  }
}
