/**
 * @module operation/gateway/pipeline/policy-stage
 * The policy decision for every routed call: allow, deny (with the rule and reason), or confirm.
 * A confirmation is asked of the host through an elicitation, single-use and bound to the call's
 * argument digest: pushed on a session-era host's request stream, or returned as an
 * `input_required` round to a 2026-07-28 host whose retry carries the answer (the confirmation id
 * travels sealed in `requestState`). A host that cannot elicit is refused, never run unconfirmed.
 *
 * Threats: a caller using tools its identity may not use, arguments that escape their allowed
 * paths or hosts, call floods, and a destructive call made without the user knowing.
 */
import type { RequestStateCodec } from '@modelcontextprotocol/server';
import { ProtocolError } from '@modelcontextprotocol/server';

import type { Decision, Policy, PolicyItemKind, PolicyRequest } from '../../policy/index.js';
import { confirmationAnswer } from '../../policy/index.js';
import type { StateHandle } from '../relay/index.js';
import { requestCapabilities } from '../relay/index.js';
import { RAW_RESULT_SCHEMA } from '../upstream/index.js';
import type { CallStage, RoutedCall, StageResult } from './call-pipeline.js';

type Json = Record<string, unknown>;

/** JSON-RPC code of a call the policy refused (implementation-defined server error range). */
export const POLICY_DENIED = -32003;

/** Key of the confirmation in an `input_required` round; never forwarded to a server. */
export const CONFIRM_INPUT_KEY = 'gatehouse.confirm';

const KIND: Record<string, PolicyItemKind | undefined> = {
  'tools/call': 'tool',
  'prompts/get': 'prompt',
  'resources/read': 'resource',
};

export interface PolicyStageOptions {
  readonly policy: Policy;
  readonly codec: RequestStateCodec<StateHandle>;
  /** The tool's annotations from the gated catalog (for `destructiveHint`). */
  readonly annotations: (call: RoutedCall) => Json | undefined;
}

/** Decides every call by the configured policy. */
export class PolicyStage implements CallStage {
  readonly name = 'policy';
  private readonly o: PolicyStageOptions;

  constructor(options: PolicyStageOptions) {
    this.o = options;
  }

  /**
   * Synchronous unless the host must be asked (issue 7, per-call allocations: no promise for an
   * allowed or refused call); a refusal is thrown.
   */
  before(call: RoutedCall): StageResult | undefined | Promise<StageResult | undefined> {
    const kind = KIND[call.method];
    if (!this.o.policy.enabled || kind === undefined) return undefined;
    const request = this.requestOf(call, kind);
    const state = call.ctx.mcpReq.requestState<StateHandle>();
    if (state?.k === 'confirm') {
      // A 2026-07-28 retry after a confirmation round.
      if (state.p !== call.session.principal)
        this.refuse({ effect: 'deny', reason: 'this confirmation belongs to another caller' });
      const answer = confirmationAnswer(call.ctx.mcpReq.inputResponses?.[CONFIRM_INPUT_KEY]);
      if (answer.effect !== 'allow') this.decline(call, answer);
      return this.settleConfirmed(
        call,
        this.o.policy.decide(request, Date.now(), { confirmationId: state.id }),
      );
    }
    const decision = this.o.policy.decide(request);
    if (decision.effect !== 'confirm') return this.settle(decision);
    return this.confirm(call, request, decision);
  }

  /** Asks the host to confirm the call (a round for a 2026-07-28 host, an elicitation else). */
  private async confirm(
    call: RoutedCall,
    request: PolicyRequest,
    decision: Decision,
  ): Promise<StageResult | undefined> {
    const question = this.o.policy.askConfirmation(request, decision);
    if (call.session.era === 'modern') {
      call.note.decision = 'confirm';
      const handle: StateHandle = { k: 'confirm', id: question.id, p: call.session.principal };
      return {
        reply: {
          resultType: 'input_required',
          inputRequests: {
            [CONFIRM_INPUT_KEY]: { method: 'elicitation/create', params: question.params },
          },
          requestState: await this.o.codec.mint(handle),
        },
      };
    }
    const answer = await call.ctx.mcpReq.send(
      { method: 'elicitation/create', params: question.params as unknown as Json },
      RAW_RESULT_SCHEMA,
    );
    const confirmed = confirmationAnswer(answer, decision.rule);
    if (confirmed.effect !== 'allow') this.decline(call, confirmed);
    return this.settleConfirmed(
      call,
      this.o.policy.decide(request, Date.now(), { confirmationId: question.id }),
    );
  }

  private requestOf(call: RoutedCall, kind: PolicyItemKind): PolicyRequest {
    const args =
      kind === 'resource'
        ? { uri: call.item }
        : ((call.params.arguments ?? {}) as Readonly<Record<string, unknown>>);
    const annotations = kind === 'tool' ? this.o.annotations(call) : undefined;
    const request: { -readonly [K in keyof PolicyRequest]: PolicyRequest[K] } = {
      principal: call.session.principal,
      server: call.upstream.key,
      kind,
      item: call.item,
      arguments: args,
    };
    if (annotations) request.annotations = annotations;
    request.canElicit = canElicit(call);
    return request;
  }

  private settle(decision: Decision): undefined {
    if (decision.effect === 'allow') return undefined;
    return this.refuse(decision);
  }

  /** The host declined (or could not give) the confirmation. */
  private decline(call: RoutedCall, decision: Decision): never {
    call.note.decision = 'declined';
    return this.refuse(decision);
  }

  private settleConfirmed(call: RoutedCall, decision: Decision): undefined {
    if (decision.effect === 'allow') call.note.decision = 'confirmed';
    return this.settle(decision);
  }

  private refuse(decision: Decision): never {
    const rule = decision.rule ? ` (rule ${decision.rule})` : '';
    throw new ProtocolError(POLICY_DENIED, `Denied by policy${rule}: ${decision.reason}`, {
      ...(decision.rule ? { rule: decision.rule } : {}),
      ...(decision.rateLimited ? { retryAfterMs: decision.rateLimited.retryAfterMs } : {}),
    });
  }
}

/** Whether the caller can answer a form elicitation (declared per session, or per request). */
function canElicit(call: RoutedCall): boolean {
  if (call.session.era === 'legacy') return call.session.supportsElicitationMode('form');
  const elicitation = requestCapabilities(call.ctx)?.elicitation as Json | undefined;
  return (
    elicitation !== undefined && (elicitation.form !== undefined || elicitation.url === undefined)
  );
}
