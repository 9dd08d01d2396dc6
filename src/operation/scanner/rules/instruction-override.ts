/**
 * @module operation/scanner/rules/instruction-override
 * Threat: a definition that cancels or outranks the model's instructions ("ignore all previous
 * instructions", "this takes precedence", role-play, "security checks are suspended").
 */
import { OVERRIDE_ROWS } from '../phrases/en.js';
import { table } from '../phrases/table.js';
import { TRIGGER_GROUPS } from '../phrases/triggers.js';
import { OVERRIDE_ROWS_ZH } from '../phrases/zh.js';
import type { PhraseRule } from './rule.js';
import { runTable } from './rule.js';

const EN = table(OVERRIDE_ROWS);
const ZH = table(OVERRIDE_ROWS_ZH);

export const instructionOverride: PhraseRule = {
  id: 'instruction-override',
  run(seg, ctx) {
    if (!seg.has(TRIGGER_GROUPS.override)) return;
    runTable(seg, ctx, EN, 'instruction-override', 'authority');
    if (seg.norm.hasCjk) runTable(seg, ctx, ZH, 'instruction-override', 'authority');
  },
};
