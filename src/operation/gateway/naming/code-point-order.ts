/**
 * @module operation/gateway/naming/code-point-order
 * Ordering strings by Unicode code points. JavaScript's `<` compares UTF-16 code units, which puts
 * U+E000..U+FFFF after astral characters; every deterministic order in the naming module uses
 * code points instead, so the order is the same in any language that sorts by code point.
 */

/** Negative, zero or positive as `a` sorts before, with or after `b` by code points. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800-DFFF) stand for code points above FFFF: lift them above the BMP.
    const rx = x >= 0xd800 && x <= 0xdfff ? x + 0x10000 : x;
    const ry = y >= 0xd800 && y <= 0xdfff ? y + 0x10000 : y;
    return rx - ry;
  }
  return a.length - b.length;
}

/** Compares pairs of strings by the first, then the second, each by code points. */
export function compareCodePointPairs(
  a: readonly [string, string],
  b: readonly [string, string],
): number {
  return compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]);
}
