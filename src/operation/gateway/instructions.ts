/**
 * @module operation/gateway/instructions
 * The `instructions` the gateway gives a host: each upstream's own instructions under a heading
 * that names the server and the prefix its tools carry, so the model can tell them apart.
 */
import type { Catalog } from './catalog/catalog.js';
import type { UpstreamConnection } from './upstream/index.js';

/** Combined instructions, or undefined when no upstream has any. */
export function buildInstructions(
  upstreams: readonly UpstreamConnection[],
  catalog: Catalog,
  instructionsOf: (upstream: UpstreamConnection) => string | undefined = (u) => u.instructions,
): string | undefined {
  const parts: string[] = [];
  for (const upstream of upstreams) {
    const text = instructionsOf(upstream)?.trim();
    if (!text) continue;
    const prefix = catalog.prefixOf(upstream.key);
    const naming = prefix ? ` (its tools and prompts are named "${prefix}__<name>")` : '';
    parts.push(`## Server "${upstream.key}"${naming}\n\n${text}`);
  }
  if (parts.length === 0) return undefined;
  if (upstreams.length === 1 && catalog.prefixOf(upstreams[0]?.key ?? '') === '') {
    // A single server behind an empty prefix is served transparently.
    return upstreams[0] ? instructionsOf(upstreams[0]) : undefined;
  }
  return parts.join('\n\n');
}
