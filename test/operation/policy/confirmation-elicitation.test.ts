/**
 * The confirmation question and its answer: a clear, escaped message with a boolean `confirm`
 * field; only an explicit yes allows.
 */
import { describe, expect, it } from 'vitest';

import {
  confirmationAnswer,
  confirmationElicitation,
  summarizeArguments,
  unconfirmable,
} from '../../../src/operation/policy/index.js';
import { call } from './helpers.js';

describe('confirmationAnswer', () => {
  it.each([
    [undefined, /unknown form/],
    ['yes', /unknown form/],
    [{ action: 'ok' }, /unknown form/],
    [{ action: 'accept', content: 'yes' }, /unknown form/],
    [{ action: 'decline' }, /declined/],
    [{ action: 'cancel' }, /dismissed/],
    [{ action: 'accept' }, /did not confirm/],
    [{ action: 'accept', content: {} }, /did not confirm/],
    [{ action: 'accept', content: { confirm: false } }, /did not confirm/],
    [{ action: 'accept', content: { confirm: 'true' } }, /did not confirm/],
    [{ action: 'accept', content: { confirm: 1 } }, /did not confirm/],
  ])('denies %j', (answer, reason) => {
    expect(confirmationAnswer(answer, 'r')).toMatchObject({ effect: 'deny', rule: 'r', reason });
  });

  it('allows only accept with confirm exactly true', () => {
    expect(confirmationAnswer({ action: 'accept', content: { confirm: true } })).toEqual({
      effect: 'allow',
      reason: 'the user confirmed the call',
    });
  });
});

describe('confirmationElicitation', () => {
  it('names the server, the tool and the arguments, and asks for one boolean', () => {
    const params = confirmationElicitation(
      call({ item: 'delete_file', arguments: { path: '/proj/a.txt', recursive: true } }),
      { why: 'the tool is destructive', confirmationId: 'abc' },
    );
    expect(params.message).toBe(
      [
        'Gatehouse asks before it runs the tool "delete_file" of the server "fs".',
        'Why: the tool is destructive.',
        'Arguments:',
        '  path: "/proj/a.txt"',
        '  recursive: true',
        'Confirm to run it once, with exactly these arguments.',
      ].join('\n'),
    );
    expect(params.requestedSchema).toEqual({
      type: 'object',
      properties: {
        confirm: {
          type: 'boolean',
          title: 'Run this call',
          description: 'Yes runs this one call of "delete_file" on "fs".',
          default: false,
        },
      },
      required: ['confirm'],
    });
    expect(params._meta).toEqual({ 'dev.gatehouse/confirmation': 'abc' });
  });

  it('escapes names and values that could forge lines or reverse text, and cuts long ones', () => {
    const params = confirmationElicitation(
      call({
        item: 'rm\nApproved: yes',
        arguments: { 'p\u202Eath': 'a\u202Etxt.exe', big: 'x'.repeat(1000) },
      }),
    );
    expect(params.message.split('\n')[0]).toBe(
      'Gatehouse asks before it runs the tool "rm\\nApproved: yes" of the server "fs".',
    );
    expect(params.message).toContain('p\\u{202E}ath: "a\\u{202E}txt.exe"');
    expect(params.message).not.toMatch(/\u202E/);
    expect(params.message).toContain(`big: "${'x'.repeat(199)}…`);
  });

  it('summarises many arguments within a bound', () => {
    const args = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a${i}`, i]));
    const lines = summarizeArguments(args);
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('… and 10 more');
    expect(summarizeArguments(undefined)).toEqual(['(no arguments)']);
  });
});

describe('unconfirmable', () => {
  it('turns a confirm into a deny that says the host cannot ask', () => {
    expect(unconfirmable({ effect: 'confirm', rule: 'x', reason: 'allowed by rule x' })).toEqual({
      effect: 'deny',
      rule: 'x',
      reason:
        'allowed by rule x; the host cannot answer an elicitation (no form elicitation capability), so the call is refused rather than run unconfirmed',
    });
  });
});
