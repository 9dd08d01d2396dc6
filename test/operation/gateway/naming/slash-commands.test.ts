/** Prompts as slash commands: overlaps between servers and with hosts' built-in commands. */
import { describe, expect, it } from 'vitest';

import { slashCommandFindings } from '../../../../src/operation/gateway/naming/index.js';

describe('slashCommandFindings', () => {
  it('flags prompts of different servers that look alike, and says what the host shows', () => {
    const findings = slashCommandFindings([
      { serverKey: 'a', name: 'summarize', publicName: 'a__summarize' },
      { serverKey: 'b', name: 'Summarise', publicName: 'b__Summarise' },
      { serverKey: 'b', name: 'summarize', publicName: 'b__summarize' },
    ]);
    const overlaps = findings.filter((f) => f.code === 'prompt-overlaps-prompt');
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0]?.message).toContain('a__summarize and b__summarize');
    expect(overlaps[0]?.seen['Claude Code']).toEqual([
      '/mcp__gatehouse__a__summarize',
      '/mcp__gatehouse__b__summarize',
    ]);
  });

  it('warns when what the user types collides with a built-in, and informs when only the name does', () => {
    const findings = slashCommandFindings([{ serverKey: 'x', name: 'cIear', publicName: 'cIear' }]);
    const cursor = findings.find((f) => f.host === 'Cursor' && f.builtin === 'clear');
    expect(cursor).toMatchObject({ code: 'prompt-overlaps-builtin', severity: 'warning' });
    expect(cursor?.message).toContain('/cIear');
    const claude = findings.find((f) => f.host === 'Claude Code' && f.builtin === 'clear');
    expect(claude).toMatchObject({ severity: 'info' });
    expect(claude?.message).toContain('/mcp__gatehouse__cIear');
  });

  it('reports nothing for prompts that resemble nothing', () => {
    expect(
      slashCommandFindings([
        { serverKey: 'x', name: 'weather_report', publicName: 'x__weather_report' },
      ]),
    ).toEqual([]);
  });

  it('uses the name the host gave Gatehouse', () => {
    const findings = slashCommandFindings(
      [{ serverKey: 'x', name: 'review', publicName: 'review' }],
      { gatewayName: 'gh' },
    );
    expect(findings.find((f) => f.host === 'Claude Code')?.seen['Claude Code']).toEqual([
      '/mcp__gh__review',
    ]);
  });
});
