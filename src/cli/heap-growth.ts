/**
 * @module cli/heap-growth
 * How far V8 lets the gateway's old generation grow between full collections.
 *
 * V8 sizes the old generation for throughput: after a full collection it lets the heap grow to
 * 1.3–4 times what survived (more the faster the collector ran) before it collects again. The
 * gateway's live heap is small and steady (about 36 MiB with ten upstreams: code, SDK schemas,
 * catalogs), while every call leaves short-lived garbage, part of which is promoted while the call
 * is in flight. With the default, `npm run bench`'s gatehouse-http-10 row ended at 186–199 MiB RSS
 * with 37–39 MiB live: the rest was garbage the next full collection would free. Growing by a
 * fixed 25 % (V8 still adds at least its minimum step, 8 MiB) keeps the heap near its live size
 * (the RSS target with ten upstreams, issue 7); the price is more frequent, mostly concurrent,
 * full collections, measured as front CPU per call in the same bench (see docs/performance.md).
 *
 * The flag is read by V8 each time it sets the next limit, so setting it at run time works. A
 * value given on node's command line wins (`node --heap-growing-percent=0 …/main.js run` restores
 * V8's own sizing; node refuses the flag in NODE_OPTIONS).
 */
import v8 from 'node:v8';

/** Growth of the old generation past its live size before the next full collection, %. */
export const HEAP_GROWING_PERCENT = 25;

const FLAG = /--heap[-_]growing[-_]percent/;

/** Sets V8's heap growing factor for this process, unless the operator set one. */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => FLAG.test(arg))) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
