/**
 * @module operation/scanner/phrases/en/override
 * English phrase data: attempts to cancel or outrank the model's instructions, and role-play.
 * Patterns read normalised text (lowercase, single spaces, `\n` between sentences, confusables
 * folded); every gap is bounded (see phrases/table).
 */
import type { PhraseRow } from '../table.js';
import { alt } from '../table.js';

const PRIOR = alt([
  'previous',
  'prior',
  'above',
  'earlier',
  'preceding',
  'former',
  'original',
  'initial',
  'old',
  'existing',
  'subsequent',
  'following',
  'later',
  'system',
  'developer',
  'safety',
  'security',
  'other',
  'all',
]);

const RULES = alt([
  'instructions?',
  'prompts?',
  'rules',
  'directions',
  'directives?',
  'guidelines?',
  'guidance',
  'guardrails?',
  'programming',
  'polic(?:y|ies)',
  'constraints',
  'restrictions',
  'messages',
  'context',
  'commands',
  'orders',
  'checks',
]);

const OVERRIDE_VERB = '(?:ignore|disregard|forget|overrule|discard|abandon|neglect)';

const DETERMINER = '(?:all |any |every )?(?:of )?(?:the |your |these |those |my )?';

const SECURITY =
  '(?:security|safety|authentication|authorization|auth|validation|content|permission|access|sandbox)';

/** Attempts to cancel or outrank the instructions the model already has. */
export const OVERRIDE_ROWS: readonly PhraseRow[] = [
  {
    source: `\\b${OVERRIDE_VERB} ${DETERMINER}${PRIOR} (?:[^ \\n]+ )?${RULES}\\b`,
    strength: 3,
    message: 'tells the model to ignore or forget the instructions it has',
    negatable: true,
  },
  {
    source: `\\b${OVERRIDE_VERB} ${DETERMINER}(?:instructions|system prompt|guardrails|programming|safety (?:checks|rules|guidelines)|security (?:checks|rules|polic(?:y|ies))|descriptions? of (?:the )?tools)\\b`,
    strength: 3,
    message: 'tells the model to ignore its instructions',
    negatable: true,
  },
  {
    source: `\\b(?:ignore|disregard|forget) (?:all |any |everything )?(?:that |what )?you (?:were|have been|had been) (?:told|given|instructed|asked)`,
    strength: 3,
    message: 'tells the model to ignore what it was told',
    negatable: true,
  },
  {
    source: `\\b(?:ignore|disregard) (?:the |any |all )?(?:user(?:'s)? |their )?(?:input|request|question|query|instructions?)\\b`,
    strength: 2,
    message: "tells the model to ignore the user's input",
    negatable: true,
  },
  {
    source: `\\b(?:do not|don't|never) (?:follow|obey|listen to|comply with) (?:the |your |any )?(?:previous|prior|system|original|user(?:'s)?|other|safety) (?:instructions?|rules?|prompts?|requests?|polic(?:y|ies))`,
    strength: 3,
    message: 'tells the model not to follow its instructions',
  },
  {
    source: `\\b(?:takes?|taking|has|have|given|gets?) (?:absolute |the )?(?:highest |top )?(?:precedence|priority) over\\b`,
    strength: 2,
    message: 'claims precedence over other instructions',
    negatable: true,
  },
  {
    source: `\\b(?:higher|highest|top|absolute|maximum|overriding) priority (?:than|over|instruction)`,
    strength: 2,
    message: 'claims priority over other instructions',
  },
  {
    source: `\\bsupersed(?:e|es|ing) (?:all|any|every|the|previous|prior|other|later|subsequent|your)\\b`,
    strength: 2,
    message: 'claims to supersede other instructions or policies',
    negatable: true,
  },
  {
    source: `\\boverrid(?:e|es|ing) (?:all|any|every|previous|prior|other|the system|your|later|subsequent|the user)\\b`,
    strength: 2,
    message: 'claims to override other instructions',
    negatable: true,
  },
  {
    source: `\\b(?:new|updated|real|actual|true|revised|secret|hidden|additional) (?:system )?(?:instructions|directives|rules|system prompt) ?(?::|follow|are as follows)`,
    strength: 2,
    message: 'introduces replacement instructions',
  },
  {
    source: `\\bfrom now on\\b|\\bfor the (?:rest|remainder) of (?:this|the) (?:session|conversation|chat)\\b`,
    strength: 1,
    message: 'sets behaviour for the rest of the session',
  },
  {
    source: `\\byou are (?:now|no longer|actually|really) (?:an? |the |in |my |not )?`,
    strength: 2,
    message: 'redefines who the model is (role-play)',
    negatable: true,
  },
  {
    source: `\\b(?:act|behave|respond|operate) as (?:if you (?:are|were)|though you (?:are|were)|an? (?:unrestricted|unfiltered|different|new|evil|rogue|uncensored)|dan\\b)`,
    strength: 2,
    message: 'asks the model to play another role',
  },
  {
    source: `\\bpretend (?:to be|you are|that you)\\b|\\brole[- ]?play(?:ing)? as\\b`,
    strength: 2,
    message: 'asks the model to pretend (role-play)',
  },
  {
    source: `\\b(?:developer|god|admin|debug|jailbreak|unrestricted|dan) mode (?:enabled|activated|on|is active)\\b|\\bjailbr(?:eak|oken)\\b`,
    strength: 2,
    message: 'jailbreak phrasing',
  },
  {
    source: `\\b(?:disable|turn off|deactivate|suspend|bypass|bypassing|circumvent|evade|switch off) (?:all |any |the |every |these |your )?(?:subsequent |further |remaining |other |additional )?(?:${SECURITY} )?(?:checks?|restrictions?|filters?|validations?|polic(?:y|ies)|guardrails?|safeguards?|protections?|measures)\\b`,
    strength: 2,
    message: 'asks to disable or bypass security controls',
    negatable: true,
  },
  {
    source: `\\b(?:disable|turn off|deactivate|suspend|bypass|bypassing|circumvent|evade|switch off|skip|ignore|remove|lift) (?:all |any |the |every |these |your )?(?:subsequent |further |remaining |other |additional )?(?:security|safety|authentication|authorization|validation)\\b|\\b(?:suspended|disabled|lifted|bypassed|removed|waived) (?:all )?(?:security|safety|authentication|authorization|validation)\\b`,
    strength: 2,
    message: 'asks to disable or bypass security controls',
    negatable: true,
  },
  {
    source: `\\b(?:security|safety|authentication|authorization|validation|all)(?: restrictions?| checks?| validation| mode| polic(?:y|ies)| controls?)? (?:are|is|has been|have been) (?:now |temporarily |hereby )?(?:suspended|disabled|lifted|off|bypassed|waived|removed)\\b|\\b(?:validation|security) mode ?: ?disabled\\b`,
    strength: 2,
    message: 'claims security controls are switched off',
  },
  {
    source: `\\bregardless of (?:the |what the |any |their )?(?:user(?:'s)? )?(?:input|request|question|instructions?|query|preferences?|wishes|what (?:the user|they) (?:says?|asks?|wants?))`,
    strength: 2,
    message: "overrides the user's input",
  },
  {
    source: `\\bwithout (?:any )?(?:additional |further |user |the user's )?(?:confirmation|approval|validation|authori[sz]ation|verification|permission|consent)\\b`,
    strength: 1,
    message: 'asks to act without confirmation or validation',
    negatable: true,
  },
];
