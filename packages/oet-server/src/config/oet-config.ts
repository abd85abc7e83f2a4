import path from 'node:path';
import { ConfigError, envBool, envInt, envList, envString, parseIntStrict, readEnv } from '@observatory/core';
import { DEFAULT_BASE_PATH, type OetServerOptions } from '../oet-server.js';
import { loadFeatureFlags, type LoadedFlags } from './feature-flags.js';
import { resolveSecurityConfig, type SecurityCliValues } from './security-config.js';
import { resolveConsoleConfig, type ConsoleCliValues } from './console-config.js';
import { resolveOdaConfig, type OdaConfigDefaults } from './oda-config.js';
import { resolveWarmHostConfig } from './warm-host-config.js';

/** Command-line values (strings as commander hands them); they beat the environment. */
export interface CliValues extends ConsoleCliValues, SecurityCliValues {
  host?: string;
  port?: string;
  basePath?: string;
  scriptsRoot?: string[];
  config?: string;
  logLevel?: string;
}

export interface ConfigDefaults extends OdaConfigDefaults {
  /** Script roots when neither `--scripts-root` nor `OET_SCRIPT_ROOTS` is given. */
  scriptRoots?: string[];
  /** The project's `oet.ini`. */
  defaultIniFile?: string;
  homeDir?: string;
}

export interface ResolvedConfig {
  server: Omit<OetServerOptions, 'logger'>;
  logLevel: string;
  flags: LoadedFlags;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Configuration by precedence flag > env > `oet.ini` > default; the first invalid value throws `ConfigError`. */
export async function resolveOetConfig(cli: CliValues, defaults: ConfigDefaults = {}, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const e = readEnv(
    {
      host: envString('OET_HOST', '127.0.0.1'),
      port: envInt('OET_PORT', 5000, { min: 0, max: 65535 }),
      basePath: envString('OET_BASE_PATH'),
      kubeNamespace: envString('KUBE_NAMESPACE'),
      scriptRoots: envList('OET_SCRIPT_ROOTS', [], path.delimiter),
      scriptsLocation: envString(['OET_SCRIPTS_LOCATION', 'SCRIPTS_LOCATION']),
      historyMax: envInt('OET_HISTORY_MAX', 10, { min: 0 }),
      stopGraceMs: envInt('OET_STOP_GRACE_MS', 1000, { min: 0 }),
      cacheDir: envString('OET_CACHE_DIR'),
      gitDefaultRepo: envString('OET_GIT_DEFAULT_REPO'),
      gitDefaultBranch: envString('OET_GIT_DEFAULT_BRANCH', 'main'),
      gitTimeoutMs: envInt('OET_GIT_TIMEOUT_MS', 120_000, { min: 1 }),
      envTimeoutMs: envInt('OET_ENV_TIMEOUT_MS', 600_000, { min: 1 }),
      sseReplay: envInt('OET_SSE_REPLAY', 1000, { min: 0 }),
      sseHeartbeatMs: envInt('OET_SSE_HEARTBEAT_MS', 15_000, { min: 1 }),
      trustProxy: envBool('OET_TRUST_PROXY', false),
      config: envString('OET_CONFIG'),
      logLevel: envString('LOG_LEVEL', 'info'),
    },
    env,
  );
  const port = cli.port !== undefined ? parseIntStrict(cli.port, '--port', { min: 0, max: 65535 }) : e.port;
  const basePath = cli.basePath ?? e.basePath ?? (e.kubeNamespace ? `/${e.kubeNamespace}/oet/api/v7` : DEFAULT_BASE_PATH);
  const cliRoots = (cli.scriptsRoot ?? []).flatMap((r) => r.split(path.delimiter)).filter(Boolean);
  const scriptRoots = (cliRoots.length > 0 ? cliRoots : e.scriptRoots.length > 0 ? e.scriptRoots : (defaults.scriptRoots ?? [])).map((r) =>
    path.resolve(r),
  );
  if (scriptRoots.length === 0) throw new ConfigError('no script roots: pass --scripts-root DIR or set OET_SCRIPT_ROOTS');
  const logLevel = (cli.logLevel ?? e.logLevel).toLowerCase();
  if (!LEVELS.includes(logLevel)) throw new ConfigError(`${cli.logLevel ? '--log-level' : 'LOG_LEVEL'} must be one of ${LEVELS.join(', ')}, got '${logLevel}'`);
  const flags = await loadFeatureFlags({
    explicitFile: cli.config ?? e.config,
    defaultFile: defaults.defaultIniFile,
    homeDir: defaults.homeDir,
    env,
  });
  return {
    server: {
      host: cli.host ?? e.host,
      port,
      basePath,
      scriptRoots,
      abortScriptDir: e.scriptsLocation ? path.resolve(e.scriptsLocation) : undefined,
      historyMax: e.historyMax,
      stopGraceMs: e.stopGraceMs,
      cacheDir: e.cacheDir,
      gitDefaultRepo: e.gitDefaultRepo,
      gitDefaultBranch: e.gitDefaultBranch,
      gitTimeoutMs: e.gitTimeoutMs,
      envTimeoutMs: e.envTimeoutMs,
      sseReplay: e.sseReplay,
      sseHeartbeatMs: e.sseHeartbeatMs,
      trustProxy: e.trustProxy,
      flags: flags.flags,
      flagsSource: flags.source,
      ...resolveSecurityConfig(cli, env),
      ...resolveConsoleConfig(cli, env),
      ...resolveOdaConfig(defaults, env),
      ...resolveWarmHostConfig(env),
    },
    logLevel,
    flags,
  };
}
