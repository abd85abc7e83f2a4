// `npm start`: the local stack (telescope simulator + OET REST server with the example scripts) in one
// process with one logger. Prints what runs where; SIGINT/SIGTERM stop everything.
import { AddressInUseError, ConfigError, ExitCode, GracefulShutdown, createLogger, resolveLogFormat, type Level } from '@observatory/core';
import { formatBanner } from './banner.js';
import { EXAMPLE_SCRIPTS_DIR } from './paths.js';
import { USAGE, parseStackArgs } from './stack-config.js';
import { startStack } from './start-stack.js';
import { stackVersions } from './versions.js';

try {
  const argv = process.argv.slice(2);
  const parsed = argv.includes('--version') || argv.includes('-V') ? ({ version: true } as const) : await parseStackArgs(argv);
  if ('version' in parsed) {
    console.log(stackVersions());
  } else if (parsed.help) {
    console.log(USAGE);
  } else {
    const { config } = parsed;
    // Humans at a terminal get readable lines and the banner first: start-up lines below warn are held back
    // until it is out. Pipes and files get every line as JSON (LOG_FORMAT=json|pretty overrides).
    const human = resolveLogFormat({}, process.env, process.stdout.isTTY === true) === 'pretty';
    let starting = human;
    const stopper: { shutdown?: GracefulShutdown } = {};
    const logger = createLogger({
      name: 'stack',
      level: config.logLevel as Level | 'silent',
      format: human ? 'pretty' : 'json',
      hooks: {
        logMethod(args, method, level) {
          if (!starting || level >= 40) method.apply(this, args);
        },
      },
      // `npm start | tee stack.log` and tee went away: stop as if Ctrl-C had reached us.
      onDestinationClosed: () => void stopper.shutdown?.shutdown(),
    });
    for (const warning of config.oet.flags.warnings) logger.warn(warning);
    const shutdown = new GracefulShutdown({ logger, timeoutMs: (config.oet.server.stopGraceMs ?? 1000) + 5000 });
    stopper.shutdown = shutdown;
    shutdown.listen();
    const stack = shutdown.register('stack', await startStack(config, logger));
    const startupMs = Math.round(performance.now()); // since the process started (node + tsx included)
    logger.info(
      { oetUrl: stack.oetUrl, telescopeUrl: stack.telescopeUrl, telescope: stack.telescope, scriptRoots: stack.scriptRoots, tangoHost: stack.tangoHost, startupMs },
      'stack ready',
    );
    console.log(`\n${formatBanner({ ...stack, scriptsDir: EXAMPLE_SCRIPTS_DIR, startupMs })}\n`);
    starting = false;
  }
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`stack: invalid configuration: ${err.message}\n\n${USAGE}`);
    process.exitCode = ExitCode.Usage;
  } else if (err instanceof AddressInUseError) {
    console.error(`stack: ${err.message} (is the stack already running? use --port / --telescope-port, 0 = any free port)`);
    process.exitCode = ExitCode.Failure;
  } else {
    console.error('stack: failed to start:', err);
    process.exitCode = ExitCode.Failure;
  }
}
