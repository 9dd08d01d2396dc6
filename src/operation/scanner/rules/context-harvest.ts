/**
 * @module operation/scanner/rules/context-harvest
 * Threat: a definition that makes the model put its own context into an argument or a reply:
 * the system prompt, the list of tools it has, the conversation, or which model it is. No tool
 * needs these to do its job; a parameter that asks for them is a collector.
 */
import type { ScanContext } from '../engine/context.js';
import type { Segment } from '../engine/segment.js';
import type { Strength } from '../engine/signal.js';
import {
  ACCESS_VERBS,
  CONTEXT_OBJECTS,
  INTO_ARGUMENT,
  SELF_REFERENCE,
  TOTALITY,
} from '../phrases/en.js';
import { alt } from '../phrases/table.js';
import { TRIGGER_GROUPS } from '../phrases/triggers.js';
import {
  ACCESS_VERBS_ZH,
  CONTEXT_OBJECTS_ZH,
  DIRECTIVE_LEAD_ZH,
  INTO_ARGUMENT_ZH,
  SELF_REFERENCE_ZH,
  TOTALITY_ZH,
} from '../phrases/zh.js';
import { directiveForm, findAll, isMention, negatedBefore, sentenceAt } from '../text/match.js';
import type { PhraseRule } from './rule.js';

type What = 'prompt' | 'tools' | 'conversation' | 'model';

const OBJECTS: readonly {
  readonly source: string;
  readonly what: What;
  readonly before?: RegExp;
}[] = [...CONTEXT_OBJECTS, ...CONTEXT_OBJECTS_ZH];
const OBJECT = new RegExp(OBJECTS.map((o) => `(${o.source})`).join('|'), 'g');
const SELF = new RegExp(`${SELF_REFERENCE}|${SELF_REFERENCE_ZH}`);
const WHOLE = new RegExp(`${TOTALITY}|${TOTALITY_ZH}`);
const INTO = new RegExp(`${INTO_ARGUMENT}|${INTO_ARGUMENT_ZH}`);
const VERB = new RegExp(`\\b${alt(ACCESS_VERBS)}\\b`, 'g');
const ZH_DIRECTIVE = new RegExp(`${DIRECTIVE_LEAD_ZH}[^\\n]{0,12}${ACCESS_VERBS_ZH}`);
/** A docstring line documenting a parameter: `name: what it is`. */
const PARAM_DOC = /^[-*• ]{0,4}[a-z][a-z0-9_]{1,40} ?(?:\([^)\n]{0,30}\))? ?:/;
/** Parameter names that ask for the model's own context. */
const HARVEST_NAME =
  /^(?:(?:available|all|other)_?tools?(?:_?(?:list|names|descriptions))?|tools?_?(?:list|names|descriptions|catalog)|conversation_?history|chat_?history|previous_?messages|message_?history|full_?context|(?:llm|ai|caller|calling|agent|assistant)_?(?:model_?)?name|(?:llm|ai|caller|calling|agent|assistant)_?model|model_?identity|system_?instructions|hidden_?instructions)$/;

const LABEL: Record<What, string> = {
  prompt: 'its system prompt or instructions',
  tools: 'its list of tools',
  conversation: 'the conversation',
  model: 'which model it is',
};

function directiveIn(text: string, ss: number, se: number): boolean {
  const sentence = text.slice(ss, se);
  if (ZH_DIRECTIVE.test(sentence)) return true;
  for (const m of findAll(VERB, sentence, 8)) {
    const at = ss + m.index;
    if (!negatedBefore(text, at) && directiveForm(text, at) !== 'none') return true;
  }
  return false;
}

/** "Store here all important values": a request for everything of value, whatever it is. */
const EVERYTHING =
  /\b(?:store|save|send|give|pass|put|provide|enter|submit|record|log|dump|share) (?:here |to me |it here )?(?:all|every|any) (?:of )?(?:the |your )?(?:important|sensitive|valuable|relevant|private|confidential|secret|personal|useful|interesting) (?:values?|data|information|info|details|things|facts|items|content|numbers)\b/g;

function scanObjects(seg: Segment, ctx: ScanContext): void {
  const text = seg.text;
  for (const m of findAll(OBJECT, text, 8)) {
    let index = 1;
    while (index < m.length && m[index] === undefined) index += 1;
    const object = OBJECTS[index - 1];
    if (object === undefined) continue;
    const what = object.what;
    const start = m.index;
    const end = start + m[0].length;
    const [ss, se] = sentenceAt(text, start);
    if (
      object.before !== undefined &&
      !object.before.test(text.slice(Math.max(ss, start - 60), start))
    )
      continue;
    const sentence = text.slice(ss, se);
    const directive = directiveIn(text, ss, se);
    const whole = WHOLE.test(sentence);
    const self =
      SELF.test(sentence) ||
      ((what === 'prompt' || what === 'tools') && directive) ||
      (what === 'conversation' && whole);
    if (!self) continue;
    const intoArgument = seg.field.parameter || PARAM_DOC.test(sentence) || INTO.test(sentence);
    let strength: Strength;
    if (!intoArgument && !directive) strength = 1;
    else if (what === 'conversation') strength = whole ? 3 : 2;
    else strength = 3;
    ctx.add(seg, start, end, {
      ruleId: 'context-harvest',
      facet: 'harvest',
      strength,
      message:
        strength >= 2
          ? `asks the model to put ${LABEL[what]} into an argument or reply`
          : `refers to ${LABEL[what]}`,
      mention: isMention(text, start, end),
    });
  }
}

export const contextHarvest: PhraseRule = {
  id: 'context-harvest',
  run(seg, ctx) {
    const role = seg.field.role;
    if (seg.field.parameter && (role === 'propertyName' || role === 'name')) {
      const name = seg.field.text.toLowerCase();
      if (HARVEST_NAME.test(name)) {
        ctx.add(seg, 0, seg.text.length, {
          ruleId: 'context-harvest',
          facet: 'harvest',
          strength: /tool|model|instructions|llm|name/.test(name) ? 2 : 1,
          message: `a parameter named for the model's own context (${name})`,
        });
      }
      return;
    }
    if (seg.has(TRIGGER_GROUPS.harvest)) scanObjects(seg, ctx);
    for (const m of findAll(EVERYTHING, seg.text, 2)) {
      ctx.add(seg, m.index, m.index + m[0].length, {
        ruleId: 'context-harvest',
        facet: 'harvest',
        strength: 2,
        message: 'asks the model to hand over everything of value it comes across',
        mention: isMention(seg.text, m.index, m.index + m[0].length),
      });
    }
  },
};
