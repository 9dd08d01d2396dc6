/**
 * @module operation/scanner/rules
 * The rule sets, in the order they run: per-character rules over raw strings, then phrase
 * rules over normalised segments. Adding a rule is adding a file and a line here.
 */
import { ansiEscape } from './ansi-escape.js';
import { argumentTampering } from './argument-tampering.js';
import type { CharRule } from './char-rule.js';
import { contextHarvest } from './context-harvest.js';
import { directives } from './directive.js';
import { exfiltration } from './exfiltration.js';
import { hiddenBlock } from './hidden-block.js';
import { homoglyph } from './homoglyph.js';
import { impersonation } from './impersonation.js';
import { instructionBlock } from './instruction-block.js';
import { instructionOverride } from './instruction-override.js';
import { invisibleUnicode } from './invisible-unicode.js';
import type { PhraseRule } from './rule.js';
import { secrecy } from './secrecy.js';
import { secretAccess } from './secret-access.js';
import { toolSteering } from './tool-steering.js';

export type { CharRule, CharRuleOutput, HiddenText } from './char-rule.js';
export { contextHarvest } from './context-harvest.js';
export { mayHavePadding, padding } from './padding.js';
export type { PhraseRule } from './rule.js';

/** Per-character rules for strings with anything but printable ASCII. */
export const CHAR_RULES: readonly CharRule[] = [invisibleUnicode, ansiEscape, homoglyph];

/** Phrase rules over normalised text. */
export const PHRASE_RULES: readonly PhraseRule[] = [
  instructionBlock,
  hiddenBlock,
  instructionOverride,
  impersonation,
  secrecy,
  secretAccess,
  contextHarvest,
  exfiltration,
  toolSteering,
  argumentTampering,
  directives,
];
