/**
 * @module shared/redaction/redact
 * Secret redaction for what the audit log derives from a request (the arguments, before their
 * HMAC is taken, and free-text fields such as a resource URI) and for log lines. Written by hand: the detectors are
 * a short list of well-known credential shapes plus an entropy test, and no maintained JavaScript
 * library offers a small, synchronous, dependency-free version of this.
 *
 * Threat: a credential passed as a tool argument (a password, a bearer token, an API key) ending
 * up in the audit store, its exports or its backups, or being recoverable by brute force from the
 * arguments HMAC if the HMAC key leaks. Redaction errs on the side of hiding: a false positive only
 * makes two calls' HMACs equal where they might have differed.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** Object keys whose values are always secret, compared lowercase without `-`, `_`, `.` or spaces. */
const SECRET_KEY_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'authorization',
  'cookie',
  'credential',
  'bearer',
  'signature',
];
const SECRET_KEYS_EXACT = new Set(['auth', 'pwd', 'pass', 'otp', 'sig']);

/** Credential shapes found anywhere inside a string; each match is replaced. */
const TOKEN_PATTERNS: readonly RegExp[] = [
  // PEM private keys (any algorithm).
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  // JSON Web Tokens.
  /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g,
  // HTTP credentials: `Bearer …`, `Basic …`, `token …`.
  /\b(?:Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // user:password@ in URLs.
  /(?<=:\/\/)[^/\s:@]+:[^/\s@]+(?=@)/g,
  // GitHub, Gatehouse, OpenAI/Anthropic, Stripe, Slack, AWS, Google, npm, GitLab tokens.
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|gh_[A-Za-z0-9_-]{20,})/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\bnpm_[A-Za-z0-9]{30,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  // Secret-looking query parameters: ?token=…&api_key=…
  /(?<=[?&;](?:[A-Za-z0-9_.-]*?)(?:token|secret|password|passwd|api[-_]?key|access[-_]?key|auth|sig|signature|key|code)=)[^&#\s]+/gi,
];

/** True when an object key names a secret (`password`, `api_key`, `X-Auth-Token`, …). */
export function isSecretKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_.\s]/g, '');
  if (SECRET_KEYS_EXACT.has(normal)) return true;
  return SECRET_KEY_PARTS.some((part) => normal.includes(part));
}

/**
 * True when a whole string value looks like a random credential: at least 24 characters of a
 * token alphabet, no spaces, letters and digits mixed, and high Shannon entropy. Hex digests and
 * similar random identifiers match too; that is accepted (see the module comment).
 */
export function looksLikeToken(value: string): boolean {
  if (value.length < 24 || value.length > 4096) return false;
  if (!/^[A-Za-z0-9+/=_.~-]+$/.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return shannonEntropy(value) >= 3.5;
}

/**
 * What every pattern above needs somewhere in the string: the PEM header, `eyJ`, one of the HTTP
 * scheme words, `://`, one of the token prefixes (`gh`, `github_pat_`, `sk-`, `k_`, `xox`, `AKIA`/`ASIA`, `AIza`,
 * `npm_`, `glpat-`), or the `=` of a query parameter. Case-insensitive, so it also admits every
 * case variant the case-sensitive patterns do not. A string without any of them (most request ids,
 * item names, error codes and argument values the audit log redacts on every call) is returned as
 * it is, after one scan instead of thirteen (0.8 -> 0.15 µs for a 45-character argument on the
 * test VM). A test holds this against the patterns themselves.
 */
const MAY_MATCH =
  /-----BEGIN|eyJ|bearer|basic|token|:\/\/|gh|github_pat_|sk-|k_|xox|akia|asia|aiza|npm_|glpat-|=/i;

/** The credential shapes, for tests that hold the fast path above against them. */
export const TOKEN_PATTERN_LIST: readonly RegExp[] = TOKEN_PATTERNS;

/** A string with every embedded credential (a known shape) replaced by {@link REDACTED}. */
export function redactEmbedded(value: string): string {
  if (!MAY_MATCH.test(value)) return value;
  let out = value;
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/** {@link redactEmbedded}, and the whole value replaced when it looks like a random token. */
export function redactString(value: string): string {
  return looksLikeToken(value) ? REDACTED : redactEmbedded(value);
}

/**
 * A deep copy of a JSON value with secrets replaced: every value under a secret-looking key, every
 * token-looking string, every credential embedded in a string. Keys themselves are kept.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  // Threat: a hostile, deeply nested argument exhausting the stack; arguments arrive already
  // depth-limited by the gateway's parser, this is a second bound.
  if (depth > 64) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    // One loop over the keys instead of entries -> map -> fromEntries (the audit log redacts the
    // arguments of every call: 1.0 -> 0.5 µs for a one-key argument object on the test VM).
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const item = secretKey(key) ? REDACTED : redactValue(source[key], depth + 1);
      // A `__proto__` key stays a key (and stays hashed): assigning it would set the prototype.
      if (key === '__proto__') {
        Object.defineProperty(copy, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        copy[key] = item;
      }
    }
    return copy;
  }
  return value;
}

/** {@link isSecretKey}, remembered: calls name the same few argument keys over and over. */
const secretKeys = new Map<string, boolean>();
/** Bounds the memory hostile key names can take: the cache starts over when full. */
const SECRET_KEYS_KEPT = 1024;

function secretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = isSecretKey(key);
    if (secretKeys.size >= SECRET_KEYS_KEPT) secretKeys.clear();
    secretKeys.set(key, secret);
  }
  return secret;
}

/**
 * A copy of a log line's fields with secrets replaced: values under secret-looking keys and
 * credentials embedded in strings (error messages and stacks included). Unlike
 * {@link redactValue} it keeps random-looking strings whole: logs name hashes and ids on purpose.
 *
 * Threat: a token that reached an error message (an upstream URL with `?token=`, an
 * `Authorization` header echoed back) being written to logs that many people can read.
 */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactEmbedded(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = new Error(redactEmbedded(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactEmbedded(value.stack);
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) Object.assign(copy, { code });
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redactForLog(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      isSecretKey(key) ? REDACTED : redactForLog(item, depth + 1),
    ]),
  );
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
