import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL the `oet` CLI uses when neither `--server-url` nor `OET_URL` is given. */
export const OET_CLI_DEFAULT_URL = 'http://127.0.0.1:5000/ska-oso-oet/oet/api/v7';

export interface BannerInfo {
  oetUrl: string;
  telescopeUrl: string;
  /** The web console's URL; undefined when the stack runs without it. */
  consoleUrl?: string;
  telescope: string;
  scriptsDir: string;
  readViaPubsub: boolean;
  /** `--tango`: the embedded Tango database. */
  tangoHost?: string;
  startupMs: number;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('   ')}`.trimEnd());
}

/** What runs where, and the commands to try next (copied verbatim by the getting-started guide). */
export function formatBanner(info: BannerInfo): string {
  const observe = pathToFileURL(path.join(info.scriptsDir, 'observe.js')).href;
  const env = info.oetUrl === OET_CLI_DEFAULT_URL ? [] : [`  export OET_URL=${info.oetUrl}`];
  return [
    `Local stack ready in ${(info.startupMs / 1000).toFixed(1)} s`,
    '',
    ...table([
      ['service', 'URL'],
      ['OET REST server', info.oetUrl],
      ...(info.consoleUrl ? [['web console', info.consoleUrl]] : []),
      ['telescope simulator', `${info.telescopeUrl} (${info.telescope}, read_via_pubsub=${String(info.readViaPubsub)})`],
      ...(info.tangoHost ? [['Tango database', `TANGO_HOST=${info.tangoHost} (the simulator's devices, e.g. ska_${info.telescope}/tm_subarray_node/1)`]] : []),
      ['example scripts', info.scriptsDir],
    ]),
    '',
    'Next, in a second terminal:',
    ...env,
    `  npx oet procedure create ${observe}`,
    '  npx oet procedure start --scan_duration=5',
    '  npx oet procedure list',
    '  npx oet procedure describe',
    ...(info.tangoHost
      ? [
          'Watch it over Tango (a third terminal):',
          `  export TANGO_HOST=${info.tangoHost}`,
          `  npx tango watch ska_${info.telescope}/tm_subarray_node/1/obsState`,
        ]
      : []),
    'To stop a running observation (it runs abort.js on its subarray): npx oet procedure stop',
    'Ctrl-C stops everything.',
  ].join('\n');
}
