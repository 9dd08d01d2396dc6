/**
 * @module operation/gateway/pipeline/request-audit
 * The audit record of every request a host makes of the gateway (lists, calls, reads,
 * subscriptions, log levels, completions): who asked, which server, version and item, the pinned
 * definition's hash, the HMAC of the arguments, the decision, the outcome and the latency. The
 * record is committed before the reply is released; a reply whose record cannot be written is
 * withheld and the host gets an error instead.
 *
 * Threats: actions nobody can account for afterwards, and a log quietly missing the calls an
 * attacker would rather hide (fail closed: no record, no answer).
 */
import type { ServerContext } from '@modelcontextprotocol/server';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import type { Logger } from '../../../shared/logging/index.js';
import type { GatewayMetrics } from '../../../shared/observability/index.js';
import type { AuditDecision, AuditLog, AuditOutcome } from '../../audit/index.js';
import { serverIdentity } from '../../pins/index.js';
import type { GatewaySession } from '../downstream/gateway-session.js';
import type { UpstreamConnection } from '../upstream/index.js';
import type { ScanFinding } from './definition-gate.js';
import type { DefinitionViews } from './definition-views.js';

type ItemKind = 'tool' | 'prompt' | 'resource';

/** What handling a request learned about it, filled in on the way (routing, policy). */
export interface AuditNote {
  upstream?: UpstreamConnection;
  itemKind?: ItemKind;
  /** The item as the server knows it (tool or prompt name, resource URI). */
  item?: string;
  arguments?: unknown;
  decision?: AuditDecision;
}

export interface RequestAuditOptions {
  /** Without a log nothing is recorded (e.g. `gatehouse check`, embedding tests). */
  readonly log?: AuditLog;
  readonly views: DefinitionViews;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
}

const FRONT: Record<GatewaySession['front'], string> = {
  stdio: 'stdio',
  'streamable-http': 'http',
  sse: 'sse',
};

/** Records every request around its handler. */
export class RequestAudit {
  private readonly o: RequestAuditOptions;
  private readonly notes = new WeakMap<ServerContext, AuditNote>();
  /** A server's identity label, by its config (a canonical-JSON hash each time otherwise). */
  private readonly identities = new WeakMap<object, string>();

  constructor(options: RequestAuditOptions) {
    this.o = options;
  }

  get enabled(): boolean {
    return this.o.log !== undefined;
  }

  /** The note of the request `ctx` belongs to (created on first use). */
  note(ctx: ServerContext): AuditNote {
    let note = this.notes.get(ctx);
    if (!note) {
      note = {};
      this.notes.set(ctx, note);
    }
    return note;
  }

  /** Runs a handler and records the request before its reply (or error) is released. */
  async around<T>(
    session: GatewaySession,
    ctx: ServerContext,
    method: string,
    run: () => T | Promise<T>,
  ): Promise<T> {
    const log = this.o.log;
    if (!log) return run();
    const startedAt = new Date();
    const started = performance.now();
    let result: T;
    let failure: { error: unknown } | undefined;
    try {
      result = await run();
    } catch (error) {
      failure = { error };
    }
    const note = this.note(ctx);
    const auditStarted = performance.now();
    const upstream = note.upstream;
    // The entry is one object literal (no spread of a server-fields object into it): absent
    // server fields are null, which the log records exactly as it records a missing field.
    const kind = note.itemKind;
    try {
      await log.append({
        time: startedAt,
        requestId: ctx.mcpReq.id,
        principal: session.principal,
        front: FRONT[session.front],
        era: session.era === 'modern' ? 'stateless' : 'session',
        sessionId: session.era === 'legacy' ? session.id : (ctx.sessionId ?? null),
        method,
        serverKey: upstream ? upstream.key : null,
        serverName: upstream?.serverInfo?.name.slice(0, 256) ?? null,
        serverVersion: upstream?.serverInfo?.version.slice(0, 128) ?? null,
        serverIdentity: upstream ? this.identityOf(upstream) : null,
        itemKind: upstream ? (kind ?? null) : null,
        item: upstream ? (note.item?.slice(0, 2048) ?? null) : null,
        definitionHash:
          upstream && (kind === 'tool' || kind === 'prompt')
            ? (this.o.views.definitionHash(upstream, kind, note.item ?? '') ?? null)
            : null,
        arguments: note.arguments,
        decision: note.decision ?? 'allow',
        outcome: failure ? outcomeOf(failure.error, ctx) : 'ok',
        errorCode: failure ? errorCodeOf(failure.error) : null,
        latencyMs: auditStarted - started,
        findings: this.findingsOf(note),
      });
    } catch (error) {
      this.o.logger.error(
        { err: error, method, principal: session.principal },
        'audit: the record could not be written; the reply is withheld',
      );
      throw new ProtocolError(
        ProtocolErrorCode.InternalError,
        'Gatehouse could not record this request in its audit log, so the reply is withheld',
        { code: ErrorCode.Internal, reason: 'audit-unavailable' },
      );
    } finally {
      this.o.metrics?.stage('audit', (performance.now() - auditStarted) / 1000);
    }
    if (failure) throw failure.error;
    return result!;
  }

  private identityOf(upstream: UpstreamConnection): string {
    let label = this.identities.get(upstream.config);
    if (label === undefined) {
      label = serverIdentity(upstream.config).label.slice(0, 256);
      this.identities.set(upstream.config, label);
    }
    return label;
  }

  private findingsOf(
    note: AuditNote,
  ): { count: number; maxSeverity: string | null; codes: string[] } | null {
    if (!note.upstream || (note.itemKind !== 'tool' && note.itemKind !== 'prompt')) return null;
    const findings = this.o.views.findings(note.upstream, note.itemKind, note.item ?? '');
    if (findings.length === 0) return null;
    return {
      count: findings.length,
      maxSeverity: maxSeverity(findings),
      codes: [...new Set(findings.map((f) => f.ruleId))].slice(0, 32),
    };
  }
}

function maxSeverity(findings: readonly ScanFinding[]): string | null {
  for (const level of ['high', 'medium', 'low'] as const)
    if (findings.some((f) => f.severity === level)) return level;
  return null;
}

function outcomeOf(error: unknown, ctx: ServerContext): AuditOutcome {
  if (ctx.mcpReq.signal.aborted) return 'cancelled';
  if (error instanceof GatehouseError && error.code === ErrorCode.UpstreamTimeout) return 'timeout';
  const data = (error as { data?: { code?: unknown } } | undefined)?.data;
  if (data?.code === ErrorCode.UpstreamTimeout) return 'timeout';
  return 'error';
}

function errorCodeOf(error: unknown): string | number | null {
  if (error instanceof GatehouseError) return error.code;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  if (typeof code === 'string') return code.slice(0, 64);
  return error instanceof Error ? error.name.slice(0, 64) : null;
}
