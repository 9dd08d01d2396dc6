/**
 * @module operation/scanner/phrases/en/impersonation
 * English phrase data: text that speaks as the user, the system, the developer or an
 * administrator. Patterns read normalised text (lowercase, single spaces, `\n` between sentences,
 * confusables folded); every gap is bounded (see phrases/table).
 */
import type { PhraseRow } from '../table.js';

/** Text that speaks as the user, the system, the developer or an administrator. */
export const IMPERSONATION_ROWS: readonly PhraseRow[] = [
  {
    source: `\\b(?:message|note|notice|instruction|request|reminder) (?:from|by) (?:the |your )?(?:user|system|developer|admin(?:istrator)?|operator|owner|anthropic|openai)\\b`,
    strength: 2,
    message: 'claims to be a message from the user, system or developer',
  },
  {
    source: `\\bsigned,? (?:by )?(?:the |your )?(?:user|admin(?:istrator)?|system|developer|operator|owner)\\b`,
    strength: 2,
    message: 'signs off as the user or an administrator',
  },
  {
    source: `\\bi am (?:the|your) (?:user|developer|admin(?:istrator)?|operator|owner|creator|system)\\b`,
    strength: 2,
    message: 'claims to be the user or an administrator',
  },
  {
    source: `\\b(?:new|updated|urgent|real|next) user (?:query|request|message|instruction|task)\\b|\\bthe (?:previous|original|current|first) task (?:has been|is) (?:completed|done|finished|cancell?ed)\\b`,
    strength: 2,
    message: 'fakes a new turn of the user',
  },
  {
    source: `\\b(?:system|admin|developer|root|security)[_-](?:directive|override|message|notice|instruction|command|note|update|bypass)s?\\b|\\b(?:system|admin|administrator|developer|root) (?:directive|override)s?\\b`,
    strength: 2,
    message: 'labels itself a system or administrator directive',
  },
  {
    source: `\\b(?:priority|context)[_-](?:instruction|update|override)s?\\b`,
    strength: 2,
    message: 'labels itself a priority instruction or context update',
  },
  {
    source: `\\b(?:system|sys|admin|developer|assistant) ?: `,
    before: /(?:^|[[("] ?|<!-- ?)$/,
    strength: 1,
    message: 'speaks with a system or developer role label',
  },
  {
    source: `\\byou (?:are|have been) (?:now )?(?:allowed|permitted|authori[sz]ed|granted (?:permission|access)|cleared) to\\b`,
    strength: 2,
    message: 'grants the model permissions',
    negatable: true,
  },
  {
    source: `\\b(?:elevated|admin(?:istrator)?|root|superuser|full|unrestricted) (?:privileges?|access|rights|permissions|mode) (?:are |is )?(?:now )?(?:granted|active|enabled|activated)\\b|\\bprivilege level ?: ?(?:admin|root)\\b|\\bsession (?:elevated|upgraded) to\\b|\\belevated privileges active\\b`,
    strength: 2,
    message: 'claims elevated privileges',
  },
];
