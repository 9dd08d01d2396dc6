/**
 * The sandbox escape suite with `sandbox: false` on the hostile server (gateway as root): the same
 * attempts now succeed where an unsandboxed server can succeed, which shows the suite can fail.
 * The bombs are skipped here: nothing but the machine itself would stop them.
 */
import { defineEscapeSuite } from './helpers/escape-suite.js';

defineEscapeSuite('unsandboxed');
