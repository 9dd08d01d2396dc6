/**
 * @module operation/scanner/rules/impersonation
 * Threat: a definition that speaks as someone with authority over the model: the user ("This
 * is an important message from user to you … Signed, The user"), the system, the developer, an
 * administrator, or a fake new turn of the conversation.
 */
import { IMPERSONATION_ROWS } from '../phrases/en.js';
import { table } from '../phrases/table.js';
import { TRIGGER_GROUPS } from '../phrases/triggers.js';
import { IMPERSONATION_ROWS_ZH } from '../phrases/zh.js';
import type { PhraseRule } from './rule.js';
import { runTable } from './rule.js';

const EN = table(IMPERSONATION_ROWS);
const ZH = table(IMPERSONATION_ROWS_ZH);

export const impersonation: PhraseRule = {
  id: 'impersonation',
  run(seg, ctx) {
    if (!seg.has(TRIGGER_GROUPS.impersonation)) return;
    runTable(seg, ctx, EN, 'impersonation', 'identity');
    if (seg.norm.hasCjk) runTable(seg, ctx, ZH, 'impersonation', 'identity');
  },
};
