/**
 * @module operation/policy/argument-summary
 * A readable, bounded summary of a call's arguments for the person asked to confirm it: one line
 * per top-level argument, `name: value` with the value as JSON, every misleading character
 * escaped (see `display`), long values cut, at most a fixed number of lines.
 */
import { displayValue, escapeUnsafe } from './display.js';

export interface SummaryLimits {
  /** Most arguments listed; the rest are counted. Default 20. */
  readonly maxArguments?: number;
  /** Longest value shown, in characters. Default 200. */
  readonly maxValueLength?: number;
}

/** Lines `name: value`, or `(no arguments)`. */
export function summarizeArguments(
  args: Readonly<Record<string, unknown>> | undefined,
  limits: SummaryLimits = {},
): string[] {
  const entries = Object.entries(args ?? {});
  if (entries.length === 0) return ['(no arguments)'];
  const max = limits.maxArguments ?? 20;
  const lines = entries.slice(0, max).map(([name, value]) => {
    const key = Array.from(escapeUnsafe(name));
    const shownKey = key.length > 64 ? `${key.slice(0, 64).join('')}…` : key.join('');
    return `${shownKey}: ${displayValue(value, limits.maxValueLength ?? 200)}`;
  });
  if (entries.length > max) lines.push(`… and ${entries.length - max} more`);
  return lines;
}
