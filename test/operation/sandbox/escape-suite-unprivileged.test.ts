/**
 * The sandbox escape suite with the gateway running as an unprivileged uid (64123, started through
 * setpriv, no passwd entry): the hostile server runs as that same uid, limits fall back to
 * rlimits, and only the sandbox stands between it and the gateway user's files and processes.
 */
import { defineEscapeSuite } from './helpers/escape-suite.js';

defineEscapeSuite('unprivileged');
