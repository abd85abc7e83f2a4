// The deployable telescope simulator: the `telescope-sim` command of @ska/telescope-simulator (same flags,
// JSON logs, graceful shutdown on SIGINT/SIGTERM). Wiring only; the logic lives in the package.
import { runCli } from '@ska/telescope-simulator';

process.exitCode = await runCli(process.argv);
