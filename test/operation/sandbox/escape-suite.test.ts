/**
 * The sandbox escape suite with the gateway running as root: the hostile server runs as uid 65534
 * in bubblewrap with seccomp, memory and process limits by cgroup v1, and every attempt must fail,
 * every bomb stay within its limit and every limit hit be logged and audited.
 */
import { defineEscapeSuite } from './helpers/escape-suite.js';

defineEscapeSuite('root');
