/**
 * Public surface of shared/redaction: finding and replacing secrets in values and text (audit
 * records, log lines).
 */
export {
  isSecretKey,
  looksLikeToken,
  REDACTED,
  redactEmbedded,
  redactForLog,
  redactString,
  redactValue,
} from './redact.js';
