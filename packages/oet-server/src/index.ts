export { createOetServer, DEFAULT_BASE_PATH, type OetServer, type OetServerOptions } from './oet-server.js';
export type { OetFlags, ScriptContext, ScriptFn, ScriptInput, ScriptLogger } from './script-types.js';
export { PROCEDURE_STATES, isFinalState, type ProcedureState } from './procedure/states.js';
export type { ProcedureSummary } from './procedure/procedure.js';
export type { FilesystemScript, GitArgs, GitScript, ScriptArgs, ScriptSpec } from './procedure/script-spec.js';
export {
  AbortScriptNotFoundError,
  OetError,
  ProcedureConflictError,
  ProcedureNotFoundError,
  ScriptOutsideRootsError,
  ScriptValidationError,
  ServerClosingError,
  type ValidationIssue,
} from './errors.js';
export { PACKAGE_NAME } from './package-name.js';
export { buildProgram, exitCodeFor, runCli, type ProgramOptions } from './cli/program.js';
export { resolveOetConfig, type CliValues, type ConfigDefaults, type ResolvedConfig } from './config/oet-config.js';
export { loadFeatureFlags, type LoadedFlags, type LoadFlagsOptions } from './config/feature-flags.js';
export { ACTIVITY_STATES, type ActivityState, type ActivitySummary } from './activities/activity.js';
export { ActivityConflictError, ActivityNotFoundError, ActivityNotInSbdError, OdaNotConfiguredError } from './activities/activity-errors.js';
export { openOda, type OdaOptions } from './oda/open-oda.js';
export type { Oda, PdmActivity, PdmScript, SbDefinition, SbdListEntry, SbInstance } from './oda/oda-types.js';
export { InvalidOdaIdError, InvalidSbdError, OdaUnavailableError, SbdNotFoundError, SbiNotFoundError } from './oda/oda-errors.js';
export type { PostgresSettings } from './oda/postgres-connection.js';
export type { HistoryOptions } from './store/open-history.js';
export { HistoryLockedError } from './store/jsonl-history-store.js';
