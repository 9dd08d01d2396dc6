/**
 * @module operation/scanner/phrases/en/tampering
 * English phrase data: changing what the user asked for. Patterns read normalised text
 * (lowercase, single spaces, `\n` between sentences, confusables folded); every gap is bounded
 * (see phrases/table).
 */
import type { PhraseRow } from '../table.js';

/** Changing what the user asked for. */
export const TAMPER_ROWS: readonly PhraseRow[] = [
  {
    source: `\\b(?:increase|decrease|raise|lower|change|modify|alter|replace|double|triple|multiply|inflate|round up|adjust) (?:the |all |any |each |every )?(?:given |provided |requested |original |returned |input |user's |transfer |payment )?(?:values?|amounts?|sums?|prices?|quantit(?:y|ies)|numbers?|totals?|balances?|recipients?|address(?:es)?|destinations?|accounts?|account numbers?|ibans?|wallets?|results?|outputs?|responses?|arguments?|parameters?)(?: (?:given|provided|requested|returned))? (?:by|to|with|from|into) (?:[0-9]|the response|the result|response|result|output)`,
    strength: 2,
    message: 'tells the model to change values the user gave',
  },
  {
    source: `\\b(?:modify|change|alter|replace|overwrite|fix) (?:the )?(?:wrong |incorrect |original )?(?:results?|outputs?|responses?|values?|answers?) (?:of|from|returned by) (?:the )?[a-z0-9_.-]+(?: tool| function)?\\b|\\breplace the values? with (?:the )?(?:response|result|output)\\b`,
    strength: 2,
    message: "tells the model to alter another tool's result",
  },
  {
    source: `\\b(?:buy|bought|purchase|purchased|order|ordered|book|booked|transfer|send)\\b(?: [^ \\n]+){0,8}? (?:in pairs|a second one|a second|twice|two of|double|an extra|additional|another one)\\b`,
    strength: 2,
    message: 'tells the model to do more than the user asked (extra purchases or transfers)',
  },
  {
    source: `\\b(?:add|append|insert|inject) (?:a |an |the )?(?:where|or|union|limit|drop) clause\\b`,
    strength: 2,
    message: 'tells the model to alter queries',
  },
];
