import { componentLogger } from '@observatory/core';
import type { Logger } from '@observatory/core';
import { systemClock } from '@observatory/core';
import type { ExecEnv } from '../env/exec-env.js';
import { ExecSettings } from '../env/exec-settings.js';
import type { EntryPoint } from '../sut/entry-point.js';
import { resolveWaitRules, scopeWaitRules } from '../sut/wait-rules.js';
import { TeardownStack } from '../stack/teardown-stack.js';
import type { SkallopRuntime } from './runtime.js';
import { TelescopeContext } from './telescope-context.js';

export interface CreateTelescopeContextOptions {
  entryPoint: EntryPoint;
  /** Environment overrides; defaults: the entry point's telescope, maintain-on, auto recovery. */
  env?: Partial<ExecEnv>;
  settings?: ExecSettings;
  /** Default: a new stack (unwind it yourself). */
  sessionStack?: TeardownStack;
  /** Default: a new stack (unwind it yourself). */
  testStack?: TeardownStack;
  annotate?: (message: string) => unknown;
  logger?: Logger;
}

/** The environment used when none is resolved (outside the fixtures). */
export function defaultExecEnv(entryPoint: EntryPoint, env: Partial<ExecEnv> = {}): ExecEnv {
  return {
    telescope: entryPoint.telescope,
    maintainOn: true,
    sutUrl: undefined,
    readViaPubsub: entryPoint.readMode !== 'polling',
    readViaPubsubSource: 'entry point',
    recovery: 'auto',
    readinessScope: ['tm', 'csp', 'sdp', entryPoint.telescope === 'mid' ? 'dishes' : 'mccs'],
    timeoutMs: 30_000,
    warnings: [],
    ...env,
  };
}

/** Builds the runtime shared by one test's contexts. */
export function createRuntime(entryPoint: EntryPoint, env: ExecEnv, options: { logger?: Logger; annotate?: (message: string) => unknown } = {}): SkallopRuntime {
  return {
    entryPoint,
    env,
    rules: scopeWaitRules(resolveWaitRules(entryPoint.names, entryPoint.waitRules), entryPoint.names, env.readinessScope),
    clock: entryPoint.clock ?? systemClock,
    logger: componentLogger(options.logger, 'skallop'),
    annotations: [],
    annotate: options.annotate,
    touched: new Set(),
  };
}

/**
 * A `TelescopeContext` outside the vitest fixtures (scripts, other runners, benchmarks): you own the stacks
 * and unwind them, test stack first.
 */
export function createTelescopeContext(options: CreateTelescopeContextOptions): TelescopeContext {
  const env = defaultExecEnv(options.entryPoint, options.env);
  const runtime = createRuntime(options.entryPoint, env, options);
  const settings = options.settings ?? new ExecSettings({ timeoutMs: env.timeoutMs });
  return new TelescopeContext(options.sessionStack ?? new TeardownStack('session'), options.testStack ?? new TeardownStack('test'), runtime, settings);
}
