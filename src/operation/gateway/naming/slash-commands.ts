/**
 * @module operation/gateway/naming/slash-commands
 * Prompts are what hosts offer as slash commands. Threat: a server's prompt that looks like a
 * host's own command (`/clear`, `/review`) or like another server's prompt, so the user runs the
 * wrong thing. Flags prompt names equal or confusable (same comparison keys as the clash rule:
 * case, separators, TR39 skeleton) across servers and against every listed host's built-ins, and
 * says what the user sees in each host.
 */
import { CLASH_TYPES, clashKeys } from './fold.js';
import type { HostCommands } from './host-commands.js';
import { HOST_COMMANDS } from './host-commands.js';

export interface OfferedPrompt {
  readonly serverKey: string;
  readonly name: string;
  readonly publicName: string;
}

export interface SlashCommandFinding {
  readonly code: 'prompt-overlaps-prompt' | 'prompt-overlaps-builtin';
  /** `warning` when what the user types collides; `info` when only the names look alike. */
  readonly severity: 'warning' | 'info';
  readonly message: string;
  readonly prompts: readonly OfferedPrompt[];
  readonly host?: string;
  readonly builtin?: string;
  /** What the user types for each prompt, per host. */
  readonly seen: Readonly<Record<string, readonly string[]>>;
}

/** The closest kind of equality between two names, or undefined. */
function likeness(a: string, b: string): string | undefined {
  const ka = clashKeys(a);
  const kb = clashKeys(b);
  return CLASH_TYPES.find((t) => ka[t] === kb[t]);
}

function seenIn(
  prompts: readonly OfferedPrompt[],
  gatewayName: string,
  hosts: readonly HostCommands[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const host of hosts)
    out[host.host] = prompts.map((p) => host.render(gatewayName, p.publicName));
  return out;
}

/** Findings for every prompt overlap; `gatewayName` is the key hosts give Gatehouse (default `gatehouse`). */
export function slashCommandFindings(
  prompts: readonly OfferedPrompt[],
  options: { gatewayName?: string; hosts?: readonly HostCommands[] } = {},
): SlashCommandFinding[] {
  const gatewayName = options.gatewayName ?? 'gatehouse';
  const hosts = options.hosts ?? HOST_COMMANDS;
  const findings: SlashCommandFinding[] = [];
  for (let i = 0; i < prompts.length; i++) {
    for (let j = i + 1; j < prompts.length; j++) {
      const a = prompts[i]!;
      const b = prompts[j]!;
      if (a.serverKey === b.serverKey) continue;
      const kind = likeness(a.name, b.name);
      if (kind === undefined) continue;
      findings.push({
        code: 'prompt-overlaps-prompt',
        severity: 'warning',
        message: `prompts "${a.name}" of "${a.serverKey}" and "${b.name}" of "${b.serverKey}" look alike (${kind}); hosts show them as ${a.publicName} and ${b.publicName}`,
        prompts: [a, b],
        seen: seenIn([a, b], gatewayName, hosts),
      });
    }
  }
  for (const prompt of prompts) {
    for (const host of hosts) {
      const typed = host.render(gatewayName, prompt.publicName).replace(/^\//, '');
      for (const builtin of host.builtins) {
        const kind = likeness(typed, builtin) ?? likeness(prompt.name, builtin);
        if (kind === undefined) continue;
        const exact = likeness(typed, builtin) !== undefined;
        findings.push({
          code: 'prompt-overlaps-builtin',
          severity: exact ? 'warning' : 'info',
          message: exact
            ? `prompt "${prompt.name}" of "${prompt.serverKey}" appears in ${host.host} as /${typed}, which looks like its built-in /${builtin} (${kind})`
            : `prompt "${prompt.name}" of "${prompt.serverKey}" is named like ${host.host}'s built-in /${builtin} (${kind}); there it appears as /${typed}`,
          prompts: [prompt],
          host: host.host,
          builtin,
          seen: seenIn([prompt], gatewayName, [host]),
        });
      }
    }
  }
  return findings;
}
