export { buildProgram, PACKAGE_NAME, VERSION } from './program.js';
export { runCli } from './run-cli.js';
export { exitCodeFor, reportError } from './exit-code.js';
export {
  type CliIo,
  type OutputStream,
  processIo,
  useColour,
} from './cli-io.js';
export {
  ActivitiesUnsupportedError,
  AmbiguousProcedureError,
  NoProcedureError,
  OetUsageError,
  ProcedureNotCompleteError,
  ProcedureStateError,
} from './errors.js';
export {
  type CreateActivityRequest,
  type CreateProcedureRequest,
  OetClient,
  type OetClientOptions,
} from './oet-client.js';
export { EventFeed, type EventFeedOptions, parseEvent } from './event-feed.js';
export { DEFAULT_SERVER_URL, resolveServerUrl } from './server-url.js';
export { parseScriptInput, parseScriptValue } from './script-args.js';
export { type ScriptKind, validateScriptUri } from './script-uri.js';
export { normaliseLegacyArgs } from './legacy-args.js';
export {
  type ActivitySummary,
  FINAL_STATES,
  type GitArgs,
  type OetEvent,
  PREPARING_STATES,
  type ProcedureSummary,
  type SbdSummary,
  type ScriptInput,
  type ScriptSpec,
  type StateEntry,
  type StopResponse,
} from './types.js';
export { OetRequestError } from './command-context.js';
export { renderTable, type Cell, type Column } from './format/table.js';
export { formatUtc } from './format/time.js';
export {
  formatEvent,
  eventJson,
  eventProcedureId,
  topicMatches,
} from './format/events.js';
export { procedureTable, describeProcedure } from './format/procedures.js';
export { activityTable, describeActivity } from './format/activities.js';
export { sbdTable, describeSbd } from './format/sbds.js';
export { requestErrorMessage } from './format/errors.js';
