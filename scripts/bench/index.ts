/**
 * @module scripts/bench
 * The benchmark's reusable pieces (the entry point is `run.ts`). This list is the whole surface
 * the tests and other scripts may use.
 */
export type { OkRowResult } from './ablation.js';
export { ablationRows } from './ablation.js';
export type { CpuProfile, FunctionTime, ProfileSummary } from './cpu-profile.js';
export {
  cpuProfileSchema,
  placeOf,
  renderProfileSummary,
  shortFile,
  summarizeProfile,
} from './cpu-profile.js';
export { createAgent, fetchText, mediaType } from './http-request.js';
export type { Incoming, JsonRpcId, JsonRpcResponse } from './json-rpc.js';
export { checkEchoReply, classify, expectedEcho, parseMessages, RpcError } from './json-rpc.js';
export { LegacySseChannel } from './legacy-sse-channel.js';
export { LineSplitter } from './line-splitter.js';
export type { CallFn } from './load.js';
export { measurePhase, runWindow } from './load.js';
export { machineBusyMicros, machineShares, machineTable, ownCpuMicros } from './machine-cpu.js';
export { addedMillis, millis, ratio } from './markdown-table.js';
export {
  callEcho,
  discover,
  ECHO_DIR,
  echoMessage,
  initialize,
  PROTOCOL_VERSION,
  WrongReplyError,
} from './mcp-session.js';
export { shortReason, stageResults } from './measure-row.js';
export { DEFAULT_WINDOWS, parseOptions } from './options.js';
export { PendingCalls } from './pending-calls.js';
export type { LatencySummary } from './percentile.js';
export { percentile, summarize } from './percentile.js';
export type { Sample, StageTotal } from './prometheus.js';
export {
  FINDINGS_GAUGE,
  parsePrometheusText,
  scanFindings,
  STAGE_HISTOGRAM,
  stageDelta,
  stageTotals,
} from './prometheus.js';
export { END_MARKER, replaceSection, START_MARKER } from './readme-section.js';
export { renderReport, securityCostTable, stageTable } from './report.js';
export type {
  BenchResult,
  PhaseResult,
  RowResult,
  StageResult,
  StartMeasure,
  StartupResult,
} from './result-schema.js';
export { benchResultSchema, RESULT_SCHEMA_VERSION } from './result-schema.js';
export { fileStamp } from './results.js';
export type { Channel, MessageSink } from './rpc-connection.js';
export { RpcConnection } from './rpc-connection.js';
export { sandboxCostTable } from './sandbox-cost.js';
export { largestInTree, startSandboxedFloor } from './sandboxed-floor.js';
export type { SseEvent } from './sse-parser.js';
export { SseParser } from './sse-parser.js';
export type { ChainLeg, ChainLegs } from './start-chain.js';
export { bwrapFloorArgs, chainLegs, LEG_COMMAND } from './start-chain.js';
export type { ServerStart } from './start-probes.js';
export { timeServerStart, timeToFirstByte } from './start-probes.js';
export type { StartupInput } from './startup.js';
export { measureStartup, pairedMedian, TARGET_ADDED_MS } from './startup.js';
export { startupReport, targetSentence } from './startup-report.js';
export { StdioChannel } from './stdio-channel.js';
export { MODERN_PROTOCOL_VERSION, StreamableHttpChannel } from './streamable-http-channel.js';
export type { BenchEnv, GatehouseSetup, RowSpec } from './targets.js';
export {
  BARE_ROW_ID,
  gatehouseConfig,
  NULL_RELAY_ROW_ID,
  ROWS,
  SANDBOX_ABLATIONS,
  SANDBOXED_FLOOR_ROW_ID,
  shellQuote,
  TEN_UPSTREAMS,
  TEN_UPSTREAMS_ROW_ID,
  upstreamKey,
} from './targets.js';
export type { TargetVerdict } from './targets-report.js';
export { cpuTable, targetsTable, targetVerdicts } from './targets-report.js';
