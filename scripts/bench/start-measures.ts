/**
 * @module scripts/bench/start-measures
 * What the start benchmark measures, as the report names and describes it: whole server starts,
 * each set against the unsandboxed one, and the parts of a sandboxed start, each leg of the process
 * chain set against the one before it.
 */
import type { StartMeasure } from './result-schema.js';

/** Grants of the allowlist measures: a port above 1024, and one below (namespace set-up). */
export const ALLOWLIST_HIGH = 'example.com:8443';
export const ALLOWLIST_LOW = 'example.com:443';

/** A measure as the report describes it, before it has numbers. */
export type MeasureSpec = Omit<
  StartMeasure,
  | 'status'
  | 'samples'
  | 'p50Us'
  | 'p90Us'
  | 'meanUs'
  | 'minUs'
  | 'maxUs'
  | 'pairedAddedP50Us'
  | 'reason'
>;

/** Every measure of the start benchmark, in report order. */
export const MEASURES: readonly MeasureSpec[] = [
  {
    id: 'bare',
    group: 'start',
    label: 'unsandboxed',
    detail: '`sandbox: false`: node runs the server directly',
  },
  {
    id: 'sandbox',
    group: 'start',
    compare: 'bare',
    label: 'sandboxed, default policy',
    detail: 'sh → prlimit → setpriv → bwrap → node; no network',
  },
  {
    id: 'allowlist',
    group: 'start',
    compare: 'bare',
    label: 'sandboxed, network allowlist',
    detail: `\`network: [${ALLOWLIST_HIGH}]\`: egress broker, in-sandbox forwarder (node) in front`,
  },
  {
    id: 'allowlist-low-port',
    group: 'start',
    compare: 'bare',
    label: 'sandboxed, allowlist, port < 1024',
    detail: `\`network: [${ALLOWLIST_LOW}]\`: as above, and the sandbox's network namespace set up from outside (nsenter, sysctl)`,
  },
  {
    id: 'prepare',
    group: 'part',
    label: '`prepare()`, default policy',
    detail: 'target, plan, per-start files, cgroup pair, command line (in the sandboxed starts)',
  },
  {
    id: 'prepare-allowlist',
    group: 'part',
    label: '`prepare()`, allowlist',
    detail: 'the same and the egress broker (in the allowlist starts)',
  },
  {
    id: 'plan',
    group: 'part',
    label: '`plan()`',
    detail: 'target, grants, environment (part of `prepare()`)',
  },
  {
    id: 'cgroups',
    group: 'part',
    label: 'cgroup pair',
    detail:
      'create the memory and pids groups with their limits, then remove them (part of `prepare()`)',
  },
  {
    id: 'seccomp',
    group: 'part',
    label: 'seccomp program',
    detail: '`buildSeccompFilter()` (once per gateway process, not per start)',
  },
  { id: 'spawn-echo', group: 'part', label: 'spawn `echo`', detail: 'no sandbox: the spawn floor' },
  {
    id: 'bwrap-floor',
    group: 'part',
    compare: 'spawn-echo',
    label: '`bwrap` floor → `echo`',
    detail: 'the same new namespaces, /usr only, no seccomp, as root',
  },
  {
    id: 'bwrap-binds',
    group: 'part',
    compare: 'bwrap-floor',
    label: "`bwrap` with a start's arguments, no seccomp → `echo`",
    detail: 'binds, /etc files, tmpfs, /proc, /dev, as root',
  },
  {
    id: 'bwrap-full',
    group: 'part',
    compare: 'bwrap-binds',
    label: '+ seccomp → `echo`',
    detail: '`--seccomp 3`: bwrap loads the filter',
  },
  {
    id: 'setpriv',
    group: 'part',
    compare: 'bwrap-full',
    label: '+ `setpriv` → `echo`',
    detail: 'bwrap started as uid 65534, no new privileges',
  },
  {
    id: 'chain-no-cgroups',
    group: 'part',
    compare: 'setpriv',
    label: '+ `sh` + `prlimit` → `echo`',
    detail: 'the wrapper script (opens the seccomp fd) and the rlimits, no cgroup to join',
  },
  {
    id: 'chain',
    group: 'part',
    compare: 'chain-no-cgroups',
    label: '+ cgroup join: whole chain → `echo`',
    detail: '`sh` writes its pid to the memory and pids `cgroup.procs`: what the gateway spawns',
  },
];
