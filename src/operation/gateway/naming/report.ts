/**
 * @module operation/gateway/naming/report
 * Naming findings for `gatehouse check` and the start-up log: changed prefixes, name clashes and
 * URI namespace issues, as JSON-ready objects and as one human line each.
 */
import type { Clash } from './clash.js';
import { displayQuote } from './display-quote.js';
import type { PrefixResult } from './prefix.js';
import type { UriIssue } from './uri-namespace.js';

/** A server's prefix outcome, as input to {@link namingFindings}. */
export interface ServerPrefixResult extends PrefixResult {
  readonly serverKey: string;
}

/** One finding; plain data, safe to `JSON.stringify`. */
export interface NamingFinding {
  readonly code:
    | 'prefix-changed'
    | 'name-clash'
    | 'prompt-overlaps-prompt'
    | 'prompt-overlaps-builtin'
    | UriIssue['code'];
  readonly severity: 'info' | 'warning';
  /** One line, with every upstream-supplied string quoted and escaped. */
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Everything {@link namingFindings} can report on; every part is optional. */
export interface NamingReportInput {
  readonly prefixes?: readonly ServerPrefixResult[];
  readonly clashes?: readonly Clash[];
  readonly uriIssues?: readonly UriIssue[];
}

const URI_SEVERITY: Record<UriIssue['code'], NamingFinding['severity']> = {
  'shared-namespace': 'info',
  'several-empty-prefixes': 'warning',
  'passthrough-gatehouse-uri': 'warning',
};

/** Findings in a fixed order: prefixes, then clashes, then URI issues, each in input order. */
export function namingFindings(input: NamingReportInput): NamingFinding[] {
  const findings: NamingFinding[] = [];
  for (const p of input.prefixes ?? []) {
    if (!p.changed) continue;
    findings.push({
      code: 'prefix-changed',
      severity: 'info',
      message: `server ${displayQuote(p.serverKey)}: ${p.note ?? `prefix became ${displayQuote(p.prefix)}`}.`,
      details: { serverKey: p.serverKey, prefix: p.prefix },
    });
  }
  for (const clash of input.clashes ?? []) {
    findings.push({
      code: 'name-clash',
      severity: 'warning',
      message: `${clash.kind} name clash (${clash.type}): ${clash.resolution}`,
      details: {
        kind: clash.kind,
        type: clash.type,
        members: clash.members.map((m) => ({ ...m })),
        resolution: clash.resolution,
      },
    });
  }
  for (const issue of input.uriIssues ?? []) {
    findings.push({
      code: issue.code,
      severity: URI_SEVERITY[issue.code],
      message: issue.message,
      details: {
        serverKeys: [...issue.serverKeys],
        ...(issue.namespaces ? { namespaces: { ...issue.namespaces } } : {}),
        ...(issue.uri !== undefined ? { uri: issue.uri } : {}),
      },
    });
  }
  return findings;
}

/** One line per finding: `<severity>: <message>`. */
export function formatNamingLines(findings: readonly NamingFinding[]): string[] {
  return findings.map((f) => `${f.severity}: ${f.message}`);
}
