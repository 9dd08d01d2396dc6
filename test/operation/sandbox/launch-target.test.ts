import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  installRoot,
  isSystemPath,
  localTarget,
  projectRoot,
} from '../../../src/operation/sandbox/launch-target.js';
import { SandboxError } from '../../../src/operation/sandbox/sandbox-error.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir();
const project = path.join(dir, 'project');
mkdirSync(path.join(project, 'dist', 'bin'), { recursive: true });
writeFileSync(path.join(project, 'package.json'), '{}');
writeFileSync(path.join(project, 'dist', 'bin', 'server.js'), '');
const loose = path.join(dir, 'loose');
mkdirSync(loose);
writeFileSync(path.join(loose, 'server.py'), '');

describe('localTarget', () => {
  it("binds an interpreter's script by its project folder, relative to cwd", () => {
    const target = localTarget('node', ['--no-warnings', 'dist/bin/server.js', '--flag'], project);
    expect(path.isAbsolute(target.command)).toBe(true);
    expect(target.grants).toEqual([{ path: project, mode: 'ro', origin: 'script' }]);
  });

  it('fails closed, naming the command, when it is not found', () => {
    expect(() => localTarget('no-such-command-xyz', [])).toThrow(SandboxError);
    expect(() => localTarget('no-such-command-xyz', [])).toThrow(
      /"no-such-command-xyz" was not found/,
    );
  });
});

describe('install and project roots', () => {
  it('finds the folder holding node_modules, a bin prefix, or the own folder', () => {
    expect(installRoot('/opt/app/node_modules/.bin/x')).toBe('/opt/app');
    expect(installRoot('/opt/node/bin/node')).toBe('/opt/node');
    expect(installRoot('/opt/tool/run')).toBe('/opt/tool');
  });

  it('stops below the home folder: a stray package.json there does not expose it', () => {
    expect(projectRoot(path.join(project, 'dist', 'bin', 'server.js'), '/nonexistent-home')).toBe(
      project,
    );
    expect(
      projectRoot(path.join(project, 'dist', 'bin', 'server.js'), path.join(project, 'dist')),
    ).toBe(path.join(project, 'dist', 'bin'));
    expect(projectRoot(path.join(loose, 'server.py'), '/nonexistent-home')).toBe(loose);
  });

  it('knows the system folders every sandbox sees read-only', () => {
    expect(isSystemPath('/usr/bin/node')).toBe(true);
    expect(isSystemPath('/etc/ssl/certs')).toBe(true);
    expect(isSystemPath('/opt/node/bin/node')).toBe(false);
    expect(isSystemPath('/usrx/bin')).toBe(false);
  });
});
