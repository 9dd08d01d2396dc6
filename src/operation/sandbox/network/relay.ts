/**
 * @module operation/sandbox/network/relay
 * Pipes two sockets into each other, both ways, keeping TCP half-close (one side may finish
 * sending and still receive the reply). An error on either side ends both at once, so no
 * connection outlives its peer. (forwarder-main.ts carries its own copy: it may import nothing.)
 */
import type { Socket } from 'node:net';

/** Relays `a` ⇄ `b`; both sockets should be created with `allowHalfOpen: true`. */
export function relay(a: Socket, b: Socket): void {
  const destroyBoth = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', destroyBoth);
  b.on('error', destroyBoth);
  // A side that closed cleanly has sent everything: let the other finish writing, then close.
  a.on('close', () => b.destroySoon());
  b.on('close', () => a.destroySoon());
  a.pipe(b);
  b.pipe(a);
}
