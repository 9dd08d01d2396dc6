/**
 * @module shared/event-loop/check-phase-writes
 * Check-phase work that releases replies, and the write batchers that must wait for it. Streams
 * that batch the writes of a turn (operation/gateway/io/coalesce-writes) uncork in the check phase
 * (`setImmediate`). A reply written from check-phase work (the audit log's group commit resolving
 * its appends) would queue its uncork for the next loop iteration: the reply left one iteration
 * late. `setImmediateBeforeWrites(task)` queues `task`, then has every registered batcher cork and
 * queue its uncork behind it, in the same check phase: the promise reactions of `task` run (Node
 * drains them between immediates) and their writes leave in the same turn.
 */

/** Corks a batcher's stream and queues its uncork, unless a batch is already open. */
export type ArmBatch = () => void;

const batchers = new Set<ArmBatch>();

/** Registers a write batcher; returns its removal. */
export function registerWriteBatcher(arm: ArmBatch): () => void {
  batchers.add(arm);
  return () => batchers.delete(arm);
}

/** `setImmediate(task)`, with every batcher's uncork queued after it (see the module comment). */
export function setImmediateBeforeWrites(task: () => void): void {
  setImmediate(task);
  for (const arm of batchers) arm();
}
