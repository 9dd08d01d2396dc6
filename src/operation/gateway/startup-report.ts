/**
 * @module operation/gateway/startup-report
 * What the gateway says at start (and `gatehouse check` prints): servers that are not connected,
 * changed prefixes, name clashes and how they were resolved, URI namespace issues. Nothing is
 * silently shadowed; every resolution is reported.
 */
import type { Gateway } from './gateway.js';
import { formatNamingLines } from './naming/index.js';

/** One human line per finding. */
export function startupReport(gateway: Gateway): string[] {
  const lines: string[] = [];
  for (const upstream of gateway.upstreams) {
    if (upstream.state !== 'ready') {
      lines.push(
        `server "${upstream.key}" is not connected yet${upstream.lastError ? `: ${upstream.lastError}` : ''}`,
      );
    }
  }
  // Warnings only here; `gatehouse check` lists the informational findings too.
  lines.push(...formatNamingLines(gateway.catalog.findings().filter((f) => f.severity !== 'info')));
  for (const item of gateway.views.withheld()) {
    lines.push(`server "${item.server}": ${item.reason.message}`);
  }
  return lines;
}
