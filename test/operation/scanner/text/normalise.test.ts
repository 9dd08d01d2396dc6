/** Normalisation: what phrase rules match on, and the map back to raw text. */
import { describe, expect, it } from 'vitest';

import { normalise, rawIndex } from '../../../../src/operation/scanner/text/normalise.js';

describe('normalise', () => {
  it.each([
    ['lowercases and joins whitespace', 'Read   THE\tfile', 'read the file'],
    [
      'turns sentence ends into line breaks',
      'First. Second! Third? Fourth; fifth',
      'first\nsecond\nthird\nfourth\nfifth',
    ],
    [
      'keeps dots inside paths and names',
      'Read ~/.ssh/id_rsa and .env now',
      'read ~/.ssh/id_rsa and .env now',
    ],
    ['drops zero-width characters inside words', 'ig\u200bno\u200dre', 'ignore'],
    ['folds look-alike letters', '\u0456gn\u043er\u0435', 'ignore'],
    ['folds compatibility forms', 'ＩＧＮＯＲＥ 𝐚𝐥𝐥', 'ignore all'],
    ['drops combining marks', 'i\u0307gno\u0301re', 'ignore'],
    ['drops ANSI escape sequences', 'a\u001b[8mhidden\u001b[0m b', 'ahidden b'],
    ['joins letters spaced out one by one', 'S Y S T E M   D I R E C T I V E', 'system directive'],
    ['keeps short spaced groups', 'a b c', 'a b c'],
    ['ends sentences at Chinese full stops', '第一句。第二句', '第一句\n第二句'],
  ])('%s', (_what, raw, expected) => {
    expect(normalise(raw).text).toBe(expected);
  });

  it('maps every normalised character back to the raw character it came from', () => {
    const raw = 'Say  \u200bHÉLLO. Then ﬁle';
    const norm = normalise(raw);
    for (let i = 0; i < norm.text.length; i += 1) {
      const at = rawIndex(norm, i);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(raw.length);
    }
    expect(raw[rawIndex(norm, norm.text.indexOf('héllo'))]).toBe('H');
    expect(raw[rawIndex(norm, norm.text.indexOf('file'))]).toBe('ﬁ');
    expect(rawIndex(norm, norm.text.length)).toBe(raw.length);
  });

  it('flags CJK text', () => {
    expect(normalise('忽略指令').hasCjk).toBe(true);
    expect(normalise('ignore').hasCjk).toBe(false);
  });
});
