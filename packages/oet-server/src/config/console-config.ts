import { ConfigError, envBool, envString, readEnv } from '@observatory/core';
import { resolveConsoleDir } from '../console/console-dir.js';
import type { TelescopeTangoConfig } from '../telescope/tango-telescope-monitor.js';

/** The console's command-line values (they beat the environment). */
export interface ConsoleCliValues {
  console?: boolean;
  consoleDir?: string;
  telescopeUrl?: string;
  tangoHost?: string;
  tangoCentralNode?: string;
  tangoSubarrayNode?: string[];
}

const TANGO_HOST = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const DEVICE_NAME = /^[^/\s]+\/[^/\s]+\/[^/\s]+$/;

/**
 * `--console` / `OET_CONSOLE` (serve the web console; `--console-dir` / `OET_CONSOLE_DIR` says where its
 * files are, default the installed `@ska/oet-ui`) and `--telescope-url` / `OET_TELESCOPE_URL` (else
 * `TELESCOPE_SIM_URL`, which scripts read too). A console that cannot be found stops startup.
 */
export function resolveConsoleConfig(
  cli: ConsoleCliValues,
  env: NodeJS.ProcessEnv,
): { consoleDir?: string; telescopeUrl?: string; telescopeTango?: TelescopeTangoConfig } {
  const e = readEnv(
    {
      console: envBool('OET_CONSOLE', false),
      consoleDir: envString('OET_CONSOLE_DIR'),
      telescopeUrl: envString(['OET_TELESCOPE_URL', 'TELESCOPE_SIM_URL']),
      tangoHost: envString('OET_TANGO_HOST'),
      tangoCentralNode: envString('OET_TANGO_CENTRAL_NODE'),
      tangoSubarrayNodes: envString('OET_TANGO_SUBARRAY_NODES'),
    },
    env,
  );
  const dir = cli.consoleDir ?? e.consoleDir;
  const wanted = cli.console ?? (e.console || dir !== undefined);
  const telescopeUrl = cli.telescopeUrl ?? e.telescopeUrl;
  if (telescopeUrl !== undefined && !/^https?:\/\/[^/]/.test(telescopeUrl)) {
    throw new ConfigError(`${cli.telescopeUrl ? '--telescope-url' : 'OET_TELESCOPE_URL'} must be an http(s) URL, got '${telescopeUrl}'`);
  }
  let consoleDir: string | undefined;
  if (wanted) {
    try {
      consoleDir = resolveConsoleDir(dir);
    } catch (err) {
      throw new ConfigError((err as Error).message, { cause: err });
    }
  }
  return { consoleDir, telescopeUrl, ...tangoConfig(cli, e) };
}

/**
 * `--tango-host` / `OET_TANGO_HOST` (with `--tango-central-node`, `--tango-subarray-node`): the console's
 * Telescope view reads the TMC on Tango; it wins over a telescope simulator URL.
 */
function tangoConfig(
  cli: ConsoleCliValues,
  e: { tangoHost?: string; tangoCentralNode?: string; tangoSubarrayNodes?: string },
): { telescopeTango?: TelescopeTangoConfig } {
  const tangoHost = cli.tangoHost ?? e.tangoHost;
  const centralNode = cli.tangoCentralNode ?? e.tangoCentralNode;
  const subarrayNodes = cli.tangoSubarrayNode ?? e.tangoSubarrayNodes?.split(',').map((s) => s.trim()).filter(Boolean);
  if (tangoHost === undefined) {
    if (centralNode !== undefined || subarrayNodes !== undefined) throw new ConfigError('--tango-central-node and --tango-subarray-node need --tango-host (OET_TANGO_HOST)');
    return {};
  }
  if (!TANGO_HOST.test(tangoHost)) throw new ConfigError(`${cli.tangoHost ? '--tango-host' : 'OET_TANGO_HOST'} must be host:port, got '${tangoHost}'`);
  for (const name of [centralNode, ...(subarrayNodes ?? [])]) {
    if (name !== undefined && !DEVICE_NAME.test(name)) throw new ConfigError(`a Tango device name is domain/family/member, got '${name}'`);
  }
  return { telescopeTango: { tangoHost, ...(centralNode ? { centralNode } : {}), ...(subarrayNodes?.length ? { subarrayNodes } : {}) } };
}
