/** Public surface of shared/event-loop: check-phase work and the write batchers behind it. */
export type { ArmBatch } from './check-phase-writes.js';
export { registerWriteBatcher, setImmediateBeforeWrites } from './check-phase-writes.js';
