import { parseArgs } from 'node:util';
import { createLogger, ExitCode, GracefulShutdown } from '@observatory/core';
import { defaultStateDir, ephemeralWarning, simulatorModules, startSet } from '@discos/simulators';

const USAGE = `usage: discos-simulators [--host H] [--port-offset N] [--help]

Runs every DISCOS device simulator in this process, logging JSON lines to stdout.
Environment: DISCOS_SIM_HOST (default 127.0.0.1), DISCOS_SIM_PORT_OFFSET (default 0),
DISCOS_SIM_STATE_DIR, LOG_LEVEL. SIGINT/SIGTERM stop every simulator cleanly;
'discos-simulator stop' from another shell does too.`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    host: { type: 'string' },
    'port-offset': { type: 'string' },
  },
});

if (values.help) {
  console.log(USAGE);
} else {
  const host = values.host ?? process.env.DISCOS_SIM_HOST ?? '127.0.0.1';
  const offsetText = values['port-offset'] ?? process.env.DISCOS_SIM_PORT_OFFSET ?? '0';
  if (!/^-?\d+$/.test(offsetText)) {
    console.error(`invalid port offset '${offsetText}'\n\n${USAGE}`);
    process.exit(ExitCode.Usage);
  }
  const portOffset = Number(offsetText);
  const logger = createLogger({ name: 'discos-simulators' });
  const warning = ephemeralWarning(simulatorModules(), portOffset);
  if (warning) logger.warn(warning);
  if (!/^(127\.|localhost$|::1$)/.test(host)) {
    logger.warn({ host }, 'bound beyond loopback: the simulators have no authentication (see docs/security.md)');
  }
  const started = Date.now();
  const set = await startSet({
    modules: simulatorModules(),
    host,
    portOffset,
    stateDir: defaultStateDir(),
    logger,
    print: (line) => logger.info(line),
  });
  if (set.simulators.length === 0) {
    logger.warn('no simulator started: all are already running');
  } else {
    const shutdown = new GracefulShutdown({ logger, timeoutMs: 5000 });
    shutdown.register('simulators', { close: () => set.stop() });
    shutdown.listen();
    logger.info(
      { host, portOffset, simulators: set.simulators.map((s) => s.name), startupMs: Date.now() - started },
      'discos-simulators ready',
    );
    await set.finished;
    logger.info('every simulator stopped');
  }
}
