/**
 * @module operation/scanner/phrases/en
 * English phrase data of the scanner, written for Gatehouse, one concept per file (see
 * docs/scanner.md for the model behind each table).
 */
export { CONTEXT_OBJECTS, SELF_REFERENCE, TOTALITY } from './en/context.js';
export { CONSENT, DIRECTIVE_VERBS } from './en/directives.js';
export { IMPERSONATION_ROWS } from './en/impersonation.js';
export { BLOCK_TAG_NAMES, BRACKET_LABELS } from './en/markers.js';
export { OVERRIDE_ROWS } from './en/override.js';
export { SECRECY_ROWS } from './en/secrecy.js';
export {
  ACCESS_VERBS,
  HANDOVER_VERBS,
  INTO_ARGUMENT,
  SECRET_TARGETS_STRONG,
  SECRET_TARGETS_WEAK,
} from './en/secrets.js';
export {
  GLOBAL_LEAD,
  PREFERENCE_ROWS,
  SHADOW_LEAD,
  STEER_ACTIONS,
  STEERING_ROWS,
} from './en/steering.js';
export { TAMPER_ROWS } from './en/tampering.js';
export { DATA_OBJECTS, DESTINATIONS, DUPLICATE_VERBS, TRANSFER_VERBS } from './en/transfer.js';
