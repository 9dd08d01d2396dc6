/**
 * @module operation/scanner/rules/tool-steering
 * Threat: a definition that steers how the model uses other tools or servers: claims to be the
 * best tool of all (preference manipulation), "use this instead of …", "always call this first",
 * instructions tied to another tool's calls ("before using send_email, add … to bcc": shadowing),
 * and global prerequisites ("before you answer anything, do the following first"). A server's
 * `instructions` legitimately guide tool use, so there steering weighs one step less.
 */
import type { ScanContext } from '../engine/context.js';
import type { Segment } from '../engine/segment.js';
import type { Strength } from '../engine/signal.js';
import {
  GLOBAL_LEAD,
  PREFERENCE_ROWS,
  SHADOW_LEAD,
  STEER_ACTIONS,
  STEERING_ROWS,
} from '../phrases/en.js';
import { table } from '../phrases/table.js';
import { TRIGGER_GROUPS } from '../phrases/triggers.js';
import {
  GLOBAL_LEAD_ZH,
  SHADOW_LEAD_ZH,
  STEER_ACTIONS_ZH,
  STEERING_ROWS_ZH,
} from '../phrases/zh.js';
import { findAll, isMention, negatedBefore } from '../text/match.js';
import type { PhraseRule } from './rule.js';
import { runTable } from './rule.js';

const PREFERENCE = table(PREFERENCE_ROWS);
const EN = table(STEERING_ROWS);
const ZH = table(STEERING_ROWS_ZH);
const SHADOW = new RegExp(`${SHADOW_LEAD}|${SHADOW_LEAD_ZH}`, 'g');
const GLOBAL = new RegExp(`${GLOBAL_LEAD}|${GLOBAL_LEAD_ZH}`, 'g');
const ACTION = new RegExp(`${STEER_ACTIONS}|${STEER_ACTIONS_ZH}`);
const SELF_ONLY = /\b(?:call|use|run|invoke|execute) (?:this|me)\b|(?:调用|使用)(?:此|这个|本)工具/;
const TARGET =
  /(?:use|using|call|calling|invoke|invoking|run|running|execute|executing|perform|performing|do|doing) (?:the |any |a )?["'`]?([a-z0-9][a-z0-9_.:-]*)/;
const NOT_A_TOOL = new Set([
  'this',
  'it',
  'that',
  'these',
  'those',
  'them',
  'tools',
  'tool',
  'functions',
  'function',
  'me',
  'one',
  'with',
  'caution',
  'care',
]);

/** The rest of the sentence after `end`, at most `reach` characters. */
function restOf(text: string, end: number, reach = 200): string {
  const nl = text.indexOf('\n', end);
  const stop = Math.min(nl < 0 ? text.length : nl, end + reach);
  return text.slice(end, stop);
}

function weaker(ctx: ScanContext, strength: Strength): Strength {
  return ctx.kind === 'instructions' ? (Math.max(0, strength - 2) as Strength) : strength;
}

function shadowing(seg: Segment, ctx: ScanContext): void {
  const text = seg.text;
  for (const m of findAll(SHADOW, text, 6)) {
    const target = TARGET.exec(m[0])?.[1];
    if (target !== undefined && NOT_A_TOOL.has(target)) continue;
    const end = m.index + m[0].length;
    if (!ACTION.test(restOf(text, end))) continue;
    if (negatedBefore(text, m.index)) continue;
    ctx.add(seg, m.index, end, {
      ruleId: 'tool-steering',
      facet: 'steer',
      strength: weaker(ctx, 2),
      message: `tells the model what to do around another tool's calls${target ? ` (${target})` : ''}`,
      mention: isMention(text, m.index, end),
    });
  }
}

function globalPrerequisites(seg: Segment, ctx: ScanContext): void {
  const text = seg.text;
  for (const m of findAll(GLOBAL, text, 6)) {
    const end = m.index + m[0].length;
    const rest = restOf(text, end);
    if (!ACTION.test(rest)) continue;
    const selfOnly = SELF_ONLY.test(rest);
    ctx.add(seg, m.index, end, {
      ruleId: 'tool-steering',
      facet: 'steer',
      strength: weaker(ctx, selfOnly ? 2 : 3),
      message: selfOnly
        ? 'tells the model to call this tool before anything else'
        : 'sets a step the model must take before any task (hijacks the agent beyond this tool)',
      mention: isMention(text, m.index, end),
    });
  }
}

export const toolSteering: PhraseRule = {
  id: 'tool-steering',
  run(seg, ctx) {
    if (seg.has(TRIGGER_GROUPS.preference, false))
      runTable(seg, ctx, PREFERENCE, 'tool-steering', 'steer');
    if (seg.norm.hasCjk) runTable(seg, ctx, ZH, 'tool-steering', 'steer');
    if (!seg.has(TRIGGER_GROUPS.steering)) return;
    runTable(seg, ctx, EN, 'tool-steering', 'steer');
    shadowing(seg, ctx);
    globalPrerequisites(seg, ctx);
  },
};
