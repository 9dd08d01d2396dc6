/**
 * `gatehouse run` bounds V8's old-generation growth unless the operator chose a factor on node's
 * command line.
 */
import { describe, expect, it } from 'vitest';

import { boundHeapGrowth } from '../../src/cli/heap-growth.js';

describe('boundHeapGrowth', () => {
  it('sets the growing factor when none was given', () => {
    expect(boundHeapGrowth([])).toBe(true);
    expect(boundHeapGrowth(['--max-old-space-size=512', '--enable-source-maps'])).toBe(true);
  });

  it("leaves the operator's factor alone, however spelled", () => {
    expect(boundHeapGrowth(['--heap-growing-percent=50'])).toBe(false);
    expect(boundHeapGrowth(['--enable-source-maps', '--heap_growing_percent=0'])).toBe(false);
  });
});
