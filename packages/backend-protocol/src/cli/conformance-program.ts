import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, packageVersion } from '@observatory/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ConformanceOptions } from '../conformance/describe-conformance.js';
import type { ConformanceGroup } from '../conformance/vectors.js';
import { PROTOCOL_VERSIONS, type ProtocolVersion } from '../protocol-version.js';
import type { startVitest as StartVitestFn } from 'vitest/node';

type StartVitest = typeof StartVitestFn;

const GROUPS: readonly ConformanceGroup[] = ['framing', 'grammar', 'commands', 'simulator', 'robustness', 'debug-ok', 'debug-fail'];

export interface ConformanceRunOptions {
  host: string;
  port: number;
  protocolVersion: ProtocolVersion;
  groups?: ConformanceGroup[];
  texts: 'exact' | 'code';
  timeoutMs?: number;
  connections?: number;
}

function parseGroups(value: string): ConformanceGroup[] {
  const groups = value.split(',').map((g) => g.trim());
  for (const g of groups) {
    if (!(GROUPS as readonly string[]).includes(g)) throw new InvalidArgumentError(`unknown group '${g}' (use ${GROUPS.join(', ')})`);
  }
  return groups as ConformanceGroup[];
}

function parseIntOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a non-negative integer');
  return Number(value);
}

/**
 * Runs the conformance suite against a running backend through vitest's Node API (vitest must be
 * installed) and returns the exit code: 0 when every test passed.
 */
export async function runConformance(options: ConformanceRunOptions): Promise<number> {
  if (options.groups?.includes('simulator')) {
    console.error("discos-backend-conformance: the 'simulator' group needs a fresh server per test; use describeBackendConformance with start()");
    return ExitCode.Usage;
  }
  let startVitest: StartVitest;
  try {
    ({ startVitest } = await import('vitest/node'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    // vitest is an optional peer: only this command and the conformance subpath need it.
    console.error('discos-backend-conformance: vitest is not installed; install it next to this package: npm install --save-dev vitest@^4.1.0');
    return ExitCode.Failure;
  }
  // Self-reference through the package's exports: src under the source condition, dist otherwise.
  const suiteUrl = import.meta.resolve('@discos/backend-protocol/conformance');
  const dir = await mkdtemp(join(tmpdir(), 'discos-backend-conformance-'));
  try {
    const conformanceOptions: ConformanceOptions = {
      protocolVersion: options.protocolVersion,
      groups: options.groups,
      texts: options.texts,
      timeoutMs: options.timeoutMs,
      concurrentConnections: options.connections,
    };
    const config = { host: options.host, port: options.port, options: conformanceOptions };
    await writeFile(
      join(dir, 'backend.conformance.test.mjs'),
      [
        `import { describeBackendConformance } from ${JSON.stringify(suiteUrl)};`,
        `const config = ${JSON.stringify(config)};`,
        "describeBackendConformance(`${config.host}:${config.port}`, { host: config.host, port: config.port }, config.options);",
        '',
      ].join('\n'),
    );
    const conditions = suiteUrl.endsWith('.ts') ? ['@observatory/source', 'node', 'import', 'module', 'default'] : undefined;
    const vitest = await startVitest(
      'test',
      [],
      { root: dir, config: false, watch: false, include: ['backend.conformance.test.mjs'] },
      conditions ? { resolve: { conditions }, ssr: { resolve: { conditions } } } : {},
    );
    const failed = vitest.state.getCountOfFailedTests() > 0 || vitest.state.getUnhandledErrors().length > 0;
    await vitest.close();
    return failed || process.exitCode ? ExitCode.Failure : ExitCode.Ok;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The `discos-backend-conformance` command line. */
export function buildConformanceProgram(): Command {
  return new Command('discos-backend-conformance')
    .version(packageVersion(import.meta.url), '-V, --version')
    .description('check a running DISCOS backend against the protocol conformance table')
    .addOption(new Option('--host <host>', 'backend address').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'backend port').argParser(parseIntOption).makeOptionMandatory())
    .addOption(new Option('--protocol-version <version>', 'version the backend serves').choices(PROTOCOL_VERSIONS).default('1.4'))
    .addOption(new Option('--groups <list>', `comma-separated groups (${GROUPS.filter((g) => g !== 'simulator').join(', ')})`).argParser(parseGroups))
    .addOption(new Option('--texts <mode>', "'exact' lines, or 'code' (reply names and codes only; skips the rows where the reference deliberately differs)").choices(['exact', 'code']).default('exact'))
    .addOption(new Option('--timeout-ms <ms>', 'per-test timeout').argParser(parseIntOption))
    .addOption(new Option('--connections <n>', 'connections of the concurrency row').argParser(parseIntOption))
    .showHelpAfterError()
    .action(async (opts: ConformanceRunOptions) => {
      process.exitCode = await runConformance(opts);
    });
}
