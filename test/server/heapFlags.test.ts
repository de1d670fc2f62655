/**
 * The server runs with its node flags (package.json `config.serverNodeFlags`, the young
 * generation's size) however it is started: `node server/main.ts` without them (a load-test
 * harness, a service unit) replaces itself in place with the flags added, the same process id
 * and arguments; a flag the operator gave with another value stays as given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingNodeFlags, serverNodeFlags } from '../../server/heapFlags.ts';
import { until } from './gameHarness.ts';
import { freePort } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('which of the server node flags a process lacks', () => {
  const wanted = ['--max-semi-space-size=16', '--min-semi-space-size=16'];
  it('is every flag when none is given', () => {
    expect(missingNodeFlags(wanted, ['--import', 'x.mjs'])).toEqual(wanted);
  });
  it('is none of those given, with any value, in either spelling V8 reads', () => {
    expect(missingNodeFlags(wanted, ['--max-semi-space-size=8'])).toEqual(['--min-semi-space-size=16']);
    expect(missingNodeFlags(wanted, ['--min_semi_space_size=4', '--max-semi-space-size=16'])).toEqual([]);
  });
  it('are read from package.json, where npm start takes them', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(serverNodeFlags(ROOT).length).toBeGreaterThan(0);
    expect(pkg.scripts['start']).toContain('$npm_package_config_serverNodeFlags server/main.ts');
  });
});

describe('node server/main.ts started without the flags', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  async function start(nodeArgs: string[]): Promise<{ child: ChildProcess; port: number }> {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, [...nodeArgs, 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', TCP_DOJO_DB: join(mkdtempSync(join(tmpdir(), 'tcp-dojo-flags-')), 'dojo.sqlite'), LOG_LEVEL: 'info', TCP_DOJO_STATIC_DIR: join(ROOT, 'no-client-here') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    await until(() => output.join('').includes('TCP Dojo listening'), 'the server listening', 30_000);
    expect(output.join('')).not.toContain('could not restart');
    return { child, port };
  }
  const commandLine = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

  it('serves as the same process, now running with every flag', async () => {
    const { child, port } = await start([]);
    const argv = commandLine(child.pid!);
    for (const flag of serverNodeFlags(ROOT)) expect(argv).toContain(flag);
    expect(argv.at(-1)).toMatch(/server\/main\.ts$/);
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
  });

  it('keeps a flag the operator set to another value, and the node options it was given', async () => {
    const ours = serverNodeFlags(ROOT);
    const max = ours.find((f) => f.startsWith('--max-semi-space-size='));
    if (max === undefined) throw new Error('package.json sets no --max-semi-space-size');
    const operators = max.endsWith('=32') ? '--max-semi-space-size=2' : '--max-semi-space-size=32';
    const { child } = await start([operators, '--stack-size=2000']);
    const argv = commandLine(child.pid!);
    expect(argv).toContain(operators);
    expect(argv).not.toContain(max);
    for (const flag of ours) if (flag !== max) expect(argv).toContain(flag);
    expect(argv).toContain('--stack-size=2000');
  });
});
