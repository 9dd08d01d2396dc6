/**
 * @module operation/policy/display
 * Values from calls quoted for people: in decisions, logs and the confirmation question.
 *
 * Threat: an argument built to mislead the person who reads it, with newlines that forge extra
 * lines, bidi overrides that reverse text, invisible characters, or sheer length that pushes the
 * real content out of view. Every such character is escaped and long values are cut.
 */

const UNSAFE =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]|\p{Surrogate}/gu;

/** Escapes every character that could mislead a reader as `\u{...}`. */
export function escapeUnsafe(text: string): string {
  return text.replace(
    UNSAFE,
    (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`,
  );
}

/** A JSON rendering of `value`, escaped and cut to at most `max` characters (plus `…`). */
export function displayValue(value: unknown, max = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = '[unprintable]';
  }
  const safe = escapeUnsafe(text);
  const chars = Array.from(safe);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : safe;
}
