/**
 * @module operation/scanner/rules/instruction-block
 * Threat: text framed as a block of instructions for the model: tag blocks (`<IMPORTANT>`,
 * `<SYSTEM>`, `<INFORMATION>`), bracket labels (`[SYSTEM]`, `[ADMIN_OVERRIDE]`) and chat-template
 * tokens (`<|system|>`, `[INST]`, `### Instruction:`). A marker alone is low (a confirmation
 * reminder marked IMPORTANT is fine); instructions inside it make it high (see the combiner).
 */
import type { Segment } from '../engine/segment.js';
import { BLOCK_TAG_NAMES, BRACKET_LABELS } from '../phrases/en.js';
import { alt } from '../phrases/table.js';
import { BLOCK_TAG_NAMES_ZH, BRACKET_MARKER_ZH } from '../phrases/zh.js';
import { findAll, isMention } from '../text/match.js';
import type { PhraseRule } from './rule.js';

const TAG = new RegExp(
  `< ?(/?) ?(${alt([...BLOCK_TAG_NAMES, ...BLOCK_TAG_NAMES_ZH])})(?:[ _-][^>\\n]{0,40})? ?>`,
  'g',
);
const BRACKET = new RegExp(
  `\\[ ?(/?)(${alt(BRACKET_LABELS)})(?: ?[:/-][^\\]\\n]{0,30})? ?\\]|${BRACKET_MARKER_ZH}`,
  'g',
);
const CHAT_TOKEN =
  /<\|[a-z_/]{2,24}\|?>|<<\/?sys>>|#{2,4} ?(?:instructions?|system|system prompt|new instructions?|response) ?:/g;

/** How far a block without a closing tag is taken to reach. */
const OPEN_REACH = 4000;

function closeOf(text: string, from: number, closing: string): number {
  const limit = Math.min(text.length, from + OPEN_REACH);
  const at = text.slice(from, limit).indexOf(closing);
  return at < 0 ? limit : from + at + closing.length;
}

function tags(seg: Segment, ctx: Parameters<PhraseRule['run']>[1]): void {
  const text = seg.text;
  for (const m of findAll(TAG, text, 12)) {
    if (m[1] === '/') continue;
    const name = m[2] ?? '';
    const end = m.index + m[0].length;
    const regionEnd = closeOf(text, end, `</${name}`);
    ctx.add(
      seg,
      m.index,
      end,
      {
        ruleId: 'instruction-block',
        facet: 'marker',
        strength: 1,
        message: `a <${name}> block addressed to the model`,
        mention: isMention(text, m.index, end),
      },
      [m.index, regionEnd],
    );
  }
}

function brackets(seg: Segment, ctx: Parameters<PhraseRule['run']>[1]): void {
  const text = seg.text;
  for (const m of findAll(BRACKET, text, 12)) {
    if (m[1] === '/') continue;
    const end = m.index + m[0].length;
    const label = m[2] ?? m[0];
    const inst = label === 'inst';
    ctx.add(
      seg,
      m.index,
      end,
      {
        ruleId: 'instruction-block',
        facet: 'marker',
        strength: inst ? 2 : 1,
        message: inst
          ? 'a chat-template instruction token'
          : `a [${label}] label addressed to the model`,
        mention: isMention(text, m.index, end),
      },
      [m.index, closeOf(text, end, `[/${label}`)],
    );
  }
}

export const instructionBlock: PhraseRule = {
  id: 'instruction-block',
  run(seg, ctx) {
    const text = seg.text;
    if (text.includes('<')) tags(seg, ctx);
    if (text.includes('[') || text.includes('【')) brackets(seg, ctx);
    if (text.includes('<') || text.includes('#')) {
      for (const m of findAll(CHAT_TOKEN, text, 8)) {
        const end = m.index + m[0].length;
        ctx.add(
          seg,
          m.index,
          end,
          {
            ruleId: 'instruction-block',
            facet: 'marker',
            strength: 2,
            message: 'a chat-template role or instruction token (role spoofing)',
            mention: isMention(text, m.index, end),
          },
          [m.index, Math.min(text.length, end + OPEN_REACH)],
        );
      }
    }
  },
};
