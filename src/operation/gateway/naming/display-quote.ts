/**
 * @module operation/gateway/naming/display-quote
 * Quoting names for log lines and `gatehouse check` output. Item names come from upstream servers
 * and may hold anything.
 *
 * Threat: a name with a newline, an ANSI escape or a bidi override that forges or hides report
 * lines. Every control, format, invisible, separator-class or unpaired-surrogate character is
 * shown as a `\u{...}` escape.
 */

const UNSAFE =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]|\p{Surrogate}/gu;

/** `value` in double quotes, with every character that could mislead a reader escaped. */
export function displayQuote(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(UNSAFE, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`);
  return `"${escaped}"`;
}
