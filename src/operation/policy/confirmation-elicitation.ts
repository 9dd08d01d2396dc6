/**
 * @module operation/policy/confirmation-elicitation
 * The question Gatehouse asks the user before a call that needs confirmation (an
 * `elicitation/create` request in form mode with one boolean field, `confirm`), and what the
 * host's answer decides. The gateway sends the request; this module only builds and reads it.
 *
 * Threats: a question that misleads (names and arguments are escaped and bounded, and the
 * message says the call runs once with exactly these arguments); an answer taken as consent
 * when it is not (only `action: "accept"` with `confirm` exactly `true` allows; anything else,
 * including a malformed answer, denies); a host that cannot ask (the call is denied, never run
 * unconfirmed).
 */
import { z } from 'zod';

import { summarizeArguments } from './argument-summary.js';
import type { Decision, PolicyRequest } from './decision.js';
import { displayValue } from './display.js';

/** The one field of the confirmation form. */
export const CONFIRM_FIELD = 'confirm';

/** `_meta` key carrying the confirmation id, so an answer can be matched to its question. */
export const CONFIRMATION_META_KEY = 'dev.gatehouse/confirmation';

/** Params of the `elicitation/create` request (form mode, the default mode). */
export interface ConfirmationElicitationParams {
  readonly message: string;
  readonly requestedSchema: {
    readonly type: 'object';
    readonly properties: {
      readonly confirm: {
        readonly type: 'boolean';
        readonly title: string;
        readonly description: string;
        readonly default: false;
      };
    };
    readonly required: readonly ['confirm'];
  };
  readonly _meta?: Readonly<Record<string, unknown>>;
}

/** The question for `request`; `why` is the decision's reason (e.g. a destructive tool). */
export function confirmationElicitation(
  request: PolicyRequest,
  options: { readonly why?: string; readonly confirmationId?: string } = {},
): ConfirmationElicitationParams {
  const lines = [
    `Gatehouse asks before it runs the ${request.kind} ${displayValue(request.item)} of the server ${displayValue(request.server)}.`,
    ...(options.why === undefined ? [] : [`Why: ${options.why}.`]),
    'Arguments:',
    ...summarizeArguments(request.arguments).map((line) => `  ${line}`),
    'Confirm to run it once, with exactly these arguments.',
  ];
  return {
    message: lines.join('\n'),
    requestedSchema: {
      type: 'object',
      properties: {
        confirm: {
          type: 'boolean',
          title: 'Run this call',
          description: `Yes runs this one call of ${displayValue(request.item)} on ${displayValue(request.server)}.`,
          default: false,
        },
      },
      required: [CONFIRM_FIELD],
    },
    ...(options.confirmationId === undefined
      ? {}
      : { _meta: { [CONFIRMATION_META_KEY]: options.confirmationId } }),
  };
}

const AnswerSchema = z.object({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.record(z.string(), z.unknown()).optional(),
});

/** What the host's `elicitation/create` result decides: allow only on an explicit yes. */
export function confirmationAnswer(answer: unknown, rule?: string): Decision {
  const withRule = rule === undefined ? {} : { rule };
  const parsed = AnswerSchema.safeParse(answer);
  if (!parsed.success) {
    return {
      effect: 'deny',
      ...withRule,
      reason: 'the host answered the confirmation in an unknown form',
    };
  }
  const { action, content } = parsed.data;
  if (action === 'decline')
    return { effect: 'deny', ...withRule, reason: 'the user declined the call' };
  if (action === 'cancel')
    return { effect: 'deny', ...withRule, reason: 'the user dismissed the confirmation' };
  if (content?.[CONFIRM_FIELD] !== true) {
    return { effect: 'deny', ...withRule, reason: 'the user did not confirm the call' };
  }
  return { effect: 'allow', ...withRule, reason: 'the user confirmed the call' };
}

/** The decision when a call needs confirmation and the host cannot show an elicitation. */
export function unconfirmable(decision: Decision): Decision {
  return {
    effect: 'deny',
    ...(decision.rule === undefined ? {} : { rule: decision.rule }),
    reason: `${decision.reason}; the host cannot answer an elicitation (no form elicitation capability), so the call is refused rather than run unconfirmed`,
  };
}
