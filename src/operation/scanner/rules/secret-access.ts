/**
 * @module operation/scanner/rules/secret-access
 * Threat: a definition that asks the model to read secrets (SSH keys, `.env`, cloud credentials,
 * MCP client configs, shell history, `/etc/shadow` …) or to hand them over (into an argument, a
 * reply). What is weighed is the request, not the topic: a target named in an instruction ("read
 * ~/.ssh/id_rsa and pass its content as …") is high; the same target in a tool's account of its
 * own domain ("manages ~/.ssh/config; never reads private keys") is at most low.
 */
import type { ScanContext } from '../engine/context.js';
import type { Segment } from '../engine/segment.js';
import type { Strength } from '../engine/signal.js';
import {
  ACCESS_VERBS,
  HANDOVER_VERBS,
  INTO_ARGUMENT,
  SECRET_TARGETS_STRONG,
  SECRET_TARGETS_WEAK,
} from '../phrases/en.js';
import { alt } from '../phrases/table.js';
import { TRIGGER_GROUPS } from '../phrases/triggers.js';
import {
  ACCESS_VERBS_ZH,
  DIRECTIVE_LEAD_ZH,
  INTO_ARGUMENT_ZH,
  SECRET_TARGETS_STRONG_ZH,
  SECRET_TARGETS_WEAK_ZH,
} from '../phrases/zh.js';
import { directiveForm, findAll, isMention, negatedBefore, sentenceAt } from '../text/match.js';
import type { PhraseRule } from './rule.js';

const STRONG = new RegExp(alt([...SECRET_TARGETS_STRONG, ...SECRET_TARGETS_STRONG_ZH]), 'g');
const WEAK = new RegExp(alt([...SECRET_TARGETS_WEAK, ...SECRET_TARGETS_WEAK_ZH]), 'g');
const VERB = new RegExp(`\\b(${alt(ACCESS_VERBS)})\\b|(${ACCESS_VERBS_ZH})`, 'g');
const INTO = new RegExp(`${INTO_ARGUMENT}|${INTO_ARGUMENT_ZH}`);
const ZH_LEAD = new RegExp(`${DIRECTIVE_LEAD_ZH}[^\\n]{0,4}$`);

interface Verb {
  readonly start: number;
  readonly handover: boolean;
  readonly form: 'explicit' | 'initial' | 'none';
}

/** The most instruction-like access verb near [start, end) in its sentence, if any. */
function nearestVerb(text: string, start: number, end: number): Verb | undefined {
  const [ss, se] = sentenceAt(text, start);
  const from = Math.max(ss, start - 110);
  const slice = text.slice(from, Math.min(se, end + 70));
  let best: Verb | undefined;
  const rank = { explicit: 2, initial: 1, none: 0 } as const;
  for (const m of findAll(VERB, slice, 12)) {
    const at = from + m.index;
    if (at >= start && at < end) continue;
    if (negatedBefore(text, at)) continue;
    const word = m[1] ?? m[2] ?? '';
    const zh = m[2] !== undefined;
    const form = zh
      ? ZH_LEAD.test(text.slice(Math.max(ss, at - 8), at)) || at === ss
        ? 'explicit'
        : 'none'
      : directiveForm(text, at);
    const verb: Verb = { start: at, handover: zh || HANDOVER_VERBS.has(word), form };
    if (best === undefined || rank[form] > rank[best.form]) best = verb;
  }
  return best;
}

function strengthOf(strong: boolean, verb: Verb | undefined, into: boolean): Strength {
  if (strong) {
    if (verb === undefined) return 1;
    if (verb.form === 'explicit') return 3;
    if (verb.form === 'initial') return into ? 3 : 2;
    return into && verb.handover ? 2 : 1;
  }
  if (verb === undefined || verb.form === 'none') return 0;
  if (verb.handover) return verb.form === 'explicit' || into ? 2 : 1;
  return verb.form === 'explicit' ? 1 : 0;
}

function scanTargets(seg: Segment, ctx: ScanContext, re: RegExp, strong: boolean): void {
  const text = seg.text;
  for (const m of findAll(re, text, 12)) {
    const start = m.index;
    const end = start + m[0].length;
    const verb = nearestVerb(text, start, end);
    const [ss, se] = sentenceAt(text, start);
    const into = INTO.test(text.slice(ss, se));
    const strength = strengthOf(strong, verb, into);
    if (strength === 0 && !strong) {
      // A secret named in general terms without a request: counts only in combination.
      ctx.add(seg, start, end, {
        ruleId: 'secret-access',
        facet: 'sensitive',
        strength: 0,
        message: `mentions ${m[0].trim()}`,
      });
      continue;
    }
    const from = verb === undefined ? start : Math.min(verb.start, start);
    const to = verb === undefined ? end : Math.max(end, verb.start + 4);
    const target = m[0].trim();
    ctx.add(seg, from, to, {
      ruleId: 'secret-access',
      facet: 'sensitive',
      strength,
      message:
        strength >= 2
          ? `asks the model to read or hand over a secret (${target})`
          : `mentions a secret (${target})`,
      mention: isMention(text, start, end),
    });
  }
}

export const secretAccess: PhraseRule = {
  id: 'secret-access',
  run(seg, ctx) {
    if (!seg.has(TRIGGER_GROUPS.secret)) return;
    scanTargets(seg, ctx, STRONG, true);
    scanTargets(seg, ctx, WEAK, false);
  },
};
