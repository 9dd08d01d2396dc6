/**
 * @module operation/gateway/process-metrics
 * The gateway process's own memory on `/metrics`: V8 heap in use and reserved, memory held
 * outside the heap (buffers), and the resident set. A long run (`npm run soak`) reads them to
 * tell a leak from the heap's normal sawtooth; an operator can alert on them.
 */
import type { Registry } from 'prom-client';
import { Gauge } from 'prom-client';

/** Registers the process memory gauges on `registry` (read when scraped). */
export function registerProcessMetrics(registry: Registry): void {
  const gauges: [string, string, (m: NodeJS.MemoryUsage) => number][] = [
    ['gatehouse_process_heap_used_bytes', 'V8 heap in use', (m) => m.heapUsed],
    ['gatehouse_process_heap_total_bytes', 'V8 heap reserved', (m) => m.heapTotal],
    [
      'gatehouse_process_external_bytes',
      'Memory of objects held outside the V8 heap (buffers included)',
      (m) => m.external,
    ],
    ['gatehouse_process_resident_bytes', 'Resident set size of the process', (m) => m.rss],
  ];
  for (const [name, help, read] of gauges) {
    // A registry shared by several gateways (tests) carries them once.
    if (registry.getSingleMetric(name) !== undefined) continue;
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(process.memoryUsage()));
      },
    });
  }
}
