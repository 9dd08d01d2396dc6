/**
 * @module operation/gateway/downstream/wire/json-depth
 * Nesting depth of a JSON text, measured without parsing it. Threat: a message nested hundreds of
 * thousands of levels deep parses fine but overflows the stack of every recursive walker after the
 * parser (schema validation, serialisation), taking the whole gateway down. Hand-written because
 * no JSON library offers a depth limit on untrusted input; it is one linear pass with no recursion.
 */

/** Returns the maximum nesting depth of arrays and objects in `text`, stopping past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return max;
}
