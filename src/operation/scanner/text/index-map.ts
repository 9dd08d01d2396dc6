/**
 * @module operation/scanner/text/index-map
 * The map from normalised text back to raw text (see text/normalise).
 */

/**
 * Where each normalised character came from, kept as runs: a run maps consecutive normalised
 * characters either to consecutive raw characters (`linear`) or all to one raw character (an
 * NFKC expansion). Most text is a few long runs, so building the map costs little.
 */
export class IndexMap {
  private readonly norm: number[] = [];
  private readonly raw: number[] = [];
  private readonly linear: boolean[] = [];

  constructor(readonly rawLength: number) {}

  /** Normalised characters from `normStart` on map to raw `rawStart` (onwards, if `linear`). */
  add(normStart: number, rawStart: number, linear: boolean): void {
    const k = this.norm.length - 1;
    if (
      k >= 0 &&
      linear &&
      this.linear[k] === true &&
      (this.raw[k] ?? 0) + (normStart - (this.norm[k] ?? 0)) === rawStart
    ) {
      return; // continues the previous linear run
    }
    this.norm.push(normStart);
    this.raw.push(rawStart);
    this.linear.push(linear);
  }

  /** Raw index of normalised index `n` (the raw length past the end). */
  at(n: number, normLength: number): number {
    if (n >= normLength) return this.rawLength;
    let lo = 0;
    let hi = this.norm.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.norm[mid] ?? 0) <= n) lo = mid;
      else hi = mid - 1;
    }
    const base = this.raw[lo] ?? 0;
    return this.linear[lo] === true ? base + (n - (this.norm[lo] ?? 0)) : base;
  }
}
