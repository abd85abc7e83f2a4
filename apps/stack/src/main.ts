// `npm start`: the local stack (telescope simulator + OET REST server with the example scripts) in one
// process with one logger. Prints what runs where; SIGINT/SIGTERM stop everything.
import { AddressInUseError, ConfigError, ExitCode, GracefulShutdown, createLogger, type Level } from '@observatory/core';
import { formatBanner } from './banner.js';
import { EXAMPLE_SCRIPTS_DIR } from './paths.js';
import { USAGE, parseStackArgs } from './stack-config.js';
import { startStack } from './start-stack.js';

try {
  const parsed = await parseStackArgs(process.argv.slice(2));
  if (parsed.help) {
    console.log(USAGE);
  } else {
    const { config } = parsed;
    // Humans at a terminal get readable lines; pipes and files get JSON (LOG_PRETTY overrides).
    const pretty = process.env.LOG_PRETTY !== undefined ? undefined : process.stdout.isTTY;
    const logger = createLogger({ name: 'stack', level: config.logLevel as Level | 'silent', pretty });
    for (const warning of config.oet.flags.warnings) logger.warn(warning);
    const shutdown = new GracefulShutdown({ logger, timeoutMs: (config.oet.server.stopGraceMs ?? 1000) + 5000 });
    shutdown.listen();
    const stack = shutdown.register('stack', await startStack(config, logger));
    const startupMs = Math.round(performance.now()); // since the process started (node + tsx included)
    logger.info(
      { oetUrl: stack.oetUrl, telescopeUrl: stack.telescopeUrl, telescope: stack.telescope, scriptRoots: stack.scriptRoots, startupMs },
      'stack ready',
    );
    // The banner goes after the start-up logs, not between them (pretty logs go through a worker thread).
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    console.log(`\n${formatBanner({ ...stack, scriptsDir: EXAMPLE_SCRIPTS_DIR, startupMs })}\n`);
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
