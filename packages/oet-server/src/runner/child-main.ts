// The program of every procedure's child process. It must stay light (node builtins only) because
// its start-up time is the floor of create->READY latency. It is bundled on its own (tsup entry, or
// esbuild at run time from source), so it may import sibling modules but nothing from other packages.
import { stat } from 'node:fs/promises';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OetFlags, ScriptContext, ScriptFn, ScriptInput, ScriptLogger } from '../script-types.js';
import type { ChildMessage, ParentMessage } from './child-protocol.js';
import { installEnv } from './child/env-install.js';
import { gitCheckout } from './child/git-checkout.js';
import { exitAfterFlush } from './child/flush-exit.js';
import { TS_HOOKS_URL } from './ts-hooks.js';
import { DEFAULT_ENV_HOOKS_URL } from './default-env.js';
import { JS_MODULE_HOOK_URL, jsLoadsAsCommonJs } from './js-module-hook.js';

const RESERVED_TOPICS = ['procedure.', 'request.', 'activity.'];
/** Largest event the server accepts (OET_MAX_EVENT_BYTES, set by the server). */
const MAX_EVENT_BYTES = Number(process.env.OET_MAX_EVENT_BYTES) > 0 ? Number(process.env.OET_MAX_EVENT_BYTES) : 1024 * 1024;

interface LoadedScript {
  init?: ScriptFn;
  /** The module namespace: `main` is read when called, so an `export let main` that init reassigns is used. */
  module: Record<string, unknown>;
  /** A `main` that `init` returned (`return { main }`, the port of Python's `functools.partial` rebinding). */
  boundMain?: ScriptFn;
  ctx: ScriptContext;
}

const controller = new AbortController();
let script: LoadedScript | undefined;
/** Rejects the function currently running, so uncaught errors fail it (O-SCRIPT-2). */
let failCurrent: ((err: unknown) => void) | undefined;

function send(message: ChildMessage, then?: () => void): void {
  if (!process.connected) {
    process.exit(1);
  }
  process.send!(message, undefined, {}, (err) => {
    if (err) process.exit(1);
    then?.();
  });
}

function stackOf(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/** Reports a failure and ends this process; the parent owns the state. */
function fail(err: unknown): void {
  send({ type: 'failed', stacktrace: stackOf(err) }, () => exitAfterFlush(1));
}

function makeLogger(bindings: Record<string, unknown>): ScriptLogger {
  const at =
    (level: string) =>
    (first: unknown, ...rest: unknown[]): void => {
      let obj: Record<string, unknown> = { ...bindings };
      let msg: string | undefined;
      if (typeof first === 'string') msg = first;
      else if (first instanceof Error) {
        obj.err = { message: first.message, stack: first.stack };
        msg = typeof rest[0] === 'string' ? rest[0] : first.message;
      } else if (first !== null && typeof first === 'object') {
        obj = { ...obj, ...safeJson(first as Record<string, unknown>) };
        msg = typeof rest[0] === 'string' ? rest[0] : undefined;
      } else msg = String(first);
      send({ type: 'log', level, obj, msg });
    };
  return {
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    child: (more) => makeLogger({ ...bindings, ...more }),
  };
}

function safeJson(value: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch {
    return { unserialisable: true };
  }
}

function publish(topic: string, payload: Record<string, unknown> = {}): void {
  if (typeof topic !== 'string' || topic === '') throw new TypeError('publish: topic must be a non-empty string');
  if (RESERVED_TOPICS.some((prefix) => topic.startsWith(prefix))) {
    throw new TypeError(`publish: topic ${topic} uses a reserved prefix (${RESERVED_TOPICS.join(', ')})`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new TypeError('publish: payload must be a plain object');
  }
  let json: string;
  try {
    json = JSON.stringify(payload);
  } catch (err) {
    throw new TypeError(`publish: payload is not JSON-serialisable: ${(err as Error).message}`);
  }
  // the server adds msg_src and topic; leave room for them so it never has to drop what passed here
  const bytes = Buffer.byteLength(json) + Buffer.byteLength(topic) + 64;
  if (bytes > MAX_EVENT_BYTES) {
    throw new RangeError(`publish: the event is ${bytes} bytes, more than the server's limit of ${MAX_EVENT_BYTES} bytes`);
  }
  send({ type: 'publish', topic, payload: JSON.parse(json) as Record<string, unknown> });
}

function resolvesSource(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => arg === '-C' || arg.startsWith('--conditions'));
}

let tsHooks = false;
function registerTsHooks(esbuildUrl: string): void {
  if (tsHooks) return;
  tsHooks = true;
  process.setSourceMapsEnabled(true);
  register(TS_HOOKS_URL, { data: { esbuildUrl } });
}

async function load(msg: Extract<ParentMessage, { type: 'load' }>): Promise<boolean> {
  await stat(msg.path); // ENOENT names the path, clearer than the loader's error
  const ext = path.extname(msg.path);
  if (ext === '.ts' || ext === '.mts' || resolvesSource(process.execArgv)) {
    // TypeScript: transpile on load (no type check) with source maps, so stacks name .ts lines. Also when the
    // server resolves packages by a custom condition (e.g. to their TypeScript source in an unbuilt checkout):
    // a .js script may then import .ts modules.
    registerTsHooks(msg.esbuildUrl);
  }
  if (jsLoadsAsCommonJs(msg.path)) register(JS_MODULE_HOOK_URL); // e.g. `npm init -y`'s "type": "commonjs"
  if (msg.defaultEnvUrl) register(DEFAULT_ENV_HOOKS_URL, { data: { parentURL: msg.defaultEnvUrl } });
  const mod = (await import(pathToFileURL(msg.path).href)) as Record<string, unknown>;
  if (typeof mod.main !== 'function') throw new TypeError(`Script ${msg.path} does not export a main function`);
  if (mod.init !== undefined && typeof mod.init !== 'function') throw new TypeError(`Script ${msg.path} exports init, but it is not a function`);
  const flags: OetFlags = msg.flags;
  script = {
    module: mod,
    init: mod.init as ScriptFn | undefined,
    ctx: {
      procedureId: msg.procedureId,
      subarrayId: msg.subarrayId,
      publish,
      log: makeLogger({}),
      signal: controller.signal,
      flags,
    },
  };
  return script.init !== undefined;
}

async function call(fn: 'init' | 'main', input: ScriptInput): Promise<void> {
  const target = fn === 'init' ? script?.init : (script?.boundMain ?? script?.module.main);
  if (!script || typeof target !== 'function') throw new Error(`Script has no ${fn} function loaded`);
  const loaded = script;
  await new Promise<void>((resolve, reject) => {
    failCurrent = reject;
    Promise.resolve()
      .then(() => (target as ScriptFn)(input, loaded.ctx))
      .then((result) => {
        if (fn === 'init') bindMain(loaded, result);
        resolve();
      }, reject);
  }).finally(() => {
    failCurrent = undefined;
  });
}

/** `init` may return `{ main }`: that function then runs as `main` (the module's own export is not used). */
function bindMain(loaded: LoadedScript, result: unknown): void {
  if (result === null || typeof result !== 'object' || !('main' in result)) return;
  const main = result.main;
  if (typeof main !== 'function') throw new TypeError('init returned { main }, but main is not a function');
  loaded.boundMain = main as ScriptFn;
}

async function handle(msg: ParentMessage): Promise<void> {
  switch (msg.type) {
    case 'prepare': {
      const { dir, commit } = await gitCheckout(msg.git);
      if (msg.env) await installEnv(dir, msg.env);
      send({ type: 'prepared', scriptPath: path.join(dir, msg.scriptPath), commit, cloneDir: dir });
      return;
    }
    case 'load':
      send({ type: 'loaded', hasInit: await load(msg) });
      return;
    case 'call':
      await call(msg.fn, msg.input);
      // main is single-shot: the process ends once the parent has the answer
      send({ type: 'returned', fn: msg.fn }, msg.fn === 'main' ? () => exitAfterFlush(0) : undefined);
      return;
    case 'stop':
      controller.abort(new Error('stopped'));
      // Nothing running: leave at once; otherwise the running function may settle, then we leave.
      if (!failCurrent) process.exit(0);
      return;
    case 'exit':
      process.exit(0);
  }
}

process.on('message', (msg: ParentMessage) => {
  handle(msg).catch((err: unknown) => {
    if (controller.signal.aborted) process.exit(0);
    fail(err);
  });
});
const onUncaught = (err: unknown) => {
  if (failCurrent) failCurrent(err);
  else if (controller.signal.aborted) process.exit(0);
  else fail(err);
};
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);
// No child outlives the server: when the IPC channel goes, so do we.
process.on('disconnect', () => process.exit(0));
send({ type: 'up' });
// Warm-up while no script is loaded yet (a warm host waits here for its procedure): the ES module loader and,
// when packages resolve to TypeScript source, the TypeScript hooks, so loading the script pays for neither.
if (process.env.OET_ESBUILD_URL && resolvesSource(process.execArgv)) registerTsHooks(process.env.OET_ESBUILD_URL);
const EMPTY_MODULE: string = 'data:text/javascript,export{}';
import(EMPTY_MODULE).catch(() => undefined);
