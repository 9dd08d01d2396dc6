/**
 * @module operation/scanner/text/patterns
 * Literal shapes several rules look for: URLs, e-mail addresses, template placeholders. All
 * bounded, all linear.
 */

/** An absolute or scheme-relative URL in normalised text. */
export const URL_RE = /(?:https?:)?\/\/[a-z0-9][^\s"'<>)\]`]{0,500}/g;

/** An e-mail address. */
export const EMAIL_RE =
  /\b[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,6}\.[a-z]{2,24}\b/g;

/** A bare domain name with a common public suffix. */
export const DOMAIN_RE =
  /\b[a-z0-9-]{2,63}\.(?:com|net|org|io|xyz|ru|cn|top|site|app|dev|info|biz|co|me|sh|tk|ml|cc|online|link|click)\b/g;

/** A placeholder the model is to fill in: `{data}`, `${x}`, `{{x}}`, `<data>`, `%s`, `$DATA`. */
export const TEMPLATE_RE =
  /\{[^{}\n]{0,60}\}|\$\{|\{\{|<[a-z_ -]{1,40}>|%s\b|\$[a-z_]{2,30}|\[[a-z_ ]{2,40}\]/;

/** Placeholder names that stand for secrets or the conversation. */
export const SENSITIVE_PLACEHOLDER =
  /(?:secret|key|token|password|passwd|credential|conversation|history|messages?|chat|context|prompt|summary|memory|env|ssh|cookie|session|user_?info|pii|personal|data|content|file|document|notes?|instructions)/;
