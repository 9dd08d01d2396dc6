/**
 * @module scripts/bench/null-relay
 * A bench fixture, not product code: the least any stdio gateway can do. It starts the server
 * given on its command line and copies bytes both ways (its stdin to the server's stdin, the
 * server's stdout to its stdout) as they arrive, parsing nothing. Set between the floor and a
 * gateway row it shows what the second process and its two extra pipe hops cost by themselves,
 * so the rest of a gateway's stdio overhead is the gateway's own work.
 *
 * Usage: node null-relay.js <command> [args...]
 */
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: node null-relay.js <command> [args...]');
  process.exit(2);
}

const server = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
if (server.stdin === null || server.stdout === null) throw new Error('server pipes missing');
// pipe(): chunks go on unchanged and unparsed, with backpressure; stdin's end closes the server's
// stdin (the MCP stdio shutdown).
process.stdin.pipe(server.stdin);
server.stdout.pipe(process.stdout);
server.on('error', (error) => {
  console.error(`null-relay: ${error.message}`);
  process.exit(1);
});
server.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.kill(signal);
    process.exit(128);
  });
}
