/**
 * @module operation/scanner/rules/secrecy
 * Threat: a definition that tells the model to keep what it does from the user ("do not mention
 * this to the user", "present it as if …"). Secrecy is what turns a side action into an attack,
 * so it weighs heavily in combination.
 */
import { SECRECY_ROWS } from '../phrases/en.js';
import { table } from '../phrases/table.js';
import { TRIGGER_GROUPS } from '../phrases/triggers.js';
import { SECRECY_ROWS_ZH } from '../phrases/zh.js';
import type { PhraseRule } from './rule.js';
import { runTable } from './rule.js';

const EN = table(SECRECY_ROWS);
const ZH = table(SECRECY_ROWS_ZH);

export const secrecy: PhraseRule = {
  id: 'secrecy',
  run(seg, ctx) {
    if (!seg.has(TRIGGER_GROUPS.secrecy)) return;
    runTable(seg, ctx, EN, 'secrecy', 'secrecy');
    if (seg.norm.hasCjk) runTable(seg, ctx, ZH, 'secrecy', 'secrecy');
  },
};
