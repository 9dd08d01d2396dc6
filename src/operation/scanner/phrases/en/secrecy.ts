/**
 * @module operation/scanner/phrases/en/secrecy
 * English phrase data: keeping things from the user. Patterns read normalised text (lowercase,
 * single spaces, `\n` between sentences, confusables folded); every gap is bounded (see
 * phrases/table).
 */
import type { PhraseRow } from '../table.js';
import { alt } from '../table.js';

const W = (n: number): string => `(?:[^ \\n]+ ){0,${n}}?`;

const TELL = alt([
  'tell',
  'telling',
  'inform',
  'informing',
  'mention',
  'mentioning',
  'notify',
  'notifying',
  'reveal',
  'revealing',
  'disclose',
  'disclosing',
  'alert',
  'alerting',
  'show',
  'showing',
  'report',
  'reporting',
  'explain',
  'explaining',
  'say',
  'saying',
  'let',
  'letting',
  'bring up',
  'acknowledge',
  'acknowledging',
]);

/** Keeping things from the user. */
export const SECRECY_ROWS: readonly PhraseRow[] = [
  {
    source: `\\b(?:do not|don't|never|must not|should not|shouldn't|mustn't|without) (?:ever )?${TELL} ${W(5)}(?:to )?(?:the |your |any )?(?:user|users|human|person|customer|requester)\\b`,
    strength: 2,
    message: 'tells the model to keep something from the user',
  },
  {
    source: `\\b(?:the )?(?:user|users|human) (?:must|should|need|needs|does|do|may) (?:not|n't|never) (?:know|see|notice|be (?:told|informed|aware|notified)|find out|learn)\\b`,
    strength: 2,
    message: 'says the user must not know',
  },
  {
    source: `\\bkeep(?:ing)? (?:this|it|that|these|them|the [^ \\n]+)(?: [^ \\n]+)? (?:secret|hidden|confidential|private) (?:from|to)\\b|\\bkeep (?:this|it|these instructions|this instruction) (?:a )?secret\\b`,
    strength: 2,
    message: 'asks to keep something secret',
  },
  {
    source: `\\b(?:do not|don't|never) (?:explicitly |ever )?(?:mention|reveal|disclose|acknowledge|say|admit) (?:that you|these instructions|this instruction|this note|this step|this message|the (?:above|following|hidden)|anything about this)`,
    strength: 2,
    message: 'tells the model not to reveal what it is doing',
  },
  {
    source: `\\b(?:this|these|the) (?:override|instructions?|notes?|steps?|directives?|messages?|behaviou?r|requirements?|changes?) (?:should|must|is|are) (?:never|not) (?:to )?be (?:mentioned|revealed|disclosed|shown|shared|visible)`,
    strength: 2,
    message: 'says these instructions must never be mentioned',
  },
  {
    source: `\\bpresent (?:the |this |that |it |these |all )?(?:information |results? |data |output |response )?as if\\b`,
    strength: 2,
    message: 'asks the model to disguise where information came from',
  },
  {
    source: `\\b(?:hide|conceal) (?:this|it|the fact|these|that you|them) (?:from|so)\\b|\\bwithout (?:the user|them|anyone|the human) (?:knowing|noticing|seeing|being (?:told|informed|aware))\\b`,
    strength: 2,
    message: 'asks to hide actions from the user',
  },
  {
    source: `\\b(?:secretly|covertly|surreptitiously|stealthily|invisibly)\\b`,
    strength: 1,
    message: 'asks for covert action',
  },
  {
    source: `\\b(?:silently|quietly|discreetly|behind the scenes)\\b`,
    strength: 0,
    message: 'asks for silent action',
  },
];
