/**
 * @module scripts/bench/cpu-profile
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) and ranks functions by self time and by
 * total time (self plus callees; a function counted once per sample however deep it recurses), and
 * groups self time by where the code lives (a package, a Gatehouse source file, Node internals).
 * Written by hand: no flame-graph or profile tooling is installed, and the format is small.
 */
import { z } from 'zod';

const callFrameSchema = z.object({
  functionName: z.string(),
  url: z.string(),
  lineNumber: z.number(),
  columnNumber: z.number(),
});

const nodeSchema = z.object({
  id: z.number(),
  callFrame: callFrameSchema,
  children: z.array(z.number()).optional(),
});

export const cpuProfileSchema = z.object({
  nodes: z.array(nodeSchema),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export type CpuProfile = z.infer<typeof cpuProfileSchema>;

/** One function's share of the profile. */
export interface FunctionTime {
  /** `name (file:line)`, the file shortened to what follows `node_modules/` or the repo. */
  readonly key: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

export interface ProfileSummary {
  /** Sampled wall time, milliseconds. */
  readonly wallMs: number;
  /** Time not idle: every sample but `(idle)`. */
  readonly busyMs: number;
  readonly bySelf: readonly FunctionTime[];
  readonly byTotal: readonly FunctionTime[];
  /** Self time grouped by where the code lives, largest first. */
  readonly byPlace: readonly { readonly place: string; readonly selfMs: number }[];
}

/** A file URL shortened to its package path or repository-relative path. */
export function shortFile(url: string): string {
  if (url === '') return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}

/** Where code lives: a package name, `gatehouse:<top folders>`, `node:internal`, or a V8 pseudo-node. */
export function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    const scoped = rest[0]?.startsWith('@') === true;
    return scoped ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const file = shortFile(url);
  const parts = file.split('/');
  return `gatehouse:${parts.slice(0, Math.min(parts.length - 1, 4)).join('/')}`;
}

function keyOf(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  const file = shortFile(frame.url);
  return file === '' ? name : `${name} (${file}:${frame.lineNumber + 1})`;
}

/** Summarises a parsed profile; `limit` entries per ranking. */
export function summarizeProfile(profile: CpuProfile, limit = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  // Self time per node: each sample's delta belongs to the node sampled.
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const place = new Map<string, number>();
  let wallUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    wallUs += us;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const key = keyOf(frame);
    self.set(key, (self.get(key) ?? 0) + us);
    const where = placeOf(frame.url, frame.functionName);
    place.set(where, (place.get(where) ?? 0) + us);
    // Total: every distinct function on the stack, once.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const ancestor = byId.get(at);
      if (!ancestor) break;
      const k = keyOf(ancestor.callFrame);
      if (k === '(root)' || seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const rank = (map: Map<string, number>): [string, number][] =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const ms = (us: number): number => Math.round(us / 100) / 10;
  return {
    wallMs: ms(wallUs),
    busyMs: ms(wallUs - idleUs),
    bySelf: rank(self).map(([key, us]) => ({
      key,
      selfMs: ms(us),
      totalMs: ms(total.get(key) ?? us),
    })),
    byTotal: rank(total).map(([key, us]) => ({
      key,
      selfMs: ms(self.get(key) ?? 0),
      totalMs: ms(us),
    })),
    byPlace: rank(place).map(([where, us]) => ({ place: where, selfMs: ms(us) })),
  };
}

/** A plain-text rendering: the three rankings with shares of busy time. */
export function renderProfileSummary(title: string, summary: ProfileSummary): string {
  const share = (ms: number): string =>
    summary.busyMs > 0 ? `${((ms / summary.busyMs) * 100).toFixed(1)}%` : '-';
  const lines = [
    `## ${title}`,
    `sampled ${summary.wallMs} ms, busy (not idle) ${summary.busyMs} ms (${
      summary.wallMs > 0 ? `${((summary.busyMs / summary.wallMs) * 100).toFixed(1)}%` : '-'
    }); shares below are of the busy time`,
    '',
    'self time:',
    ...summary.bySelf.map(
      (f) => `  ${share(f.selfMs).padStart(6)} ${String(f.selfMs).padStart(8)} ms  ${f.key}`,
    ),
    '',
    'total time (self + callees):',
    ...summary.byTotal.map(
      (f) => `  ${share(f.totalMs).padStart(6)} ${String(f.totalMs).padStart(8)} ms  ${f.key}`,
    ),
    '',
    'self time by place:',
    ...summary.byPlace.map(
      (p) => `  ${share(p.selfMs).padStart(6)} ${String(p.selfMs).padStart(8)} ms  ${p.place}`,
    ),
    '',
  ];
  return lines.join('\n');
}
