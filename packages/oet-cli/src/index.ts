// The public API: what the README's "Programmatic use" documents (the in-process CLI, the REST client and the
// types of its signatures, the typed errors). Commands, formatters and parsers stay internal.
export { buildProgram } from './program.js';
export { runCli } from './run-cli.js';
export { reportError } from './exit-code.js';
export { type CliIo, type OutputStream } from './cli-io.js';
export {
  ActivitiesUnsupportedError,
  AmbiguousProcedureError,
  NoProcedureError,
  OetUsageError,
  ProcedureNotCompleteError,
  ProcedureStateError,
} from './errors.js';
export { OetRequestError } from './command-context.js';
export {
  type CreateActivityRequest,
  type CreateProcedureRequest,
  OetClient,
  type OetClientOptions,
} from './oet-client.js';
export {
  type ActivitySummary,
  type GitArgs,
  type ProcedureSummary,
  type SbdSummary,
  type ScriptInput,
  type ScriptSpec,
  type StateEntry,
  type StopResponse,
} from './types.js';
