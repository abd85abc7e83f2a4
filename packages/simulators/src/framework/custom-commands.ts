import type { Logger } from '@observatory/core';
import type { CustomCommandResult, System } from './types.js';

/** The wire form: `$name[:p1,p2,...]%%%%%`. */
export const CUSTOM_HEADER = 0x24; // '$'
export const CUSTOM_TAIL = '%%%%%';
export const SHUTDOWN_REPLY = '$server_shutdown%%%%%';
/** Only commands with this prefix run; their bytes are held back from the device parser while they can match. */
export const CUSTOM_PREFIX = '$system_';
/** Longest custom command held back before its bytes are given to the parser. */
export const CUSTOM_MAX_BYTES = 512;
/**
 * The identity probe: every endpoint of our simulators answers `$system_identify%%%%%` with
 * `$simulator:<module>%%%%%`, so the CLI can tell its own simulators from a foreign service on a port.
 */
export const IDENTIFY_COMMAND = 'system_identify';

/** The identity reply of a module's endpoints. */
export function identityReply(moduleName: string): string {
  return `$simulator:${moduleName}${CUSTOM_TAIL}`;
}

/** The module name in an identity reply found anywhere in `text` (a greeting or stream data may come first). */
export function parseIdentity(text: string): string | undefined {
  return /\$simulator:([A-Za-z0-9_]{1,64})%%%%%/.exec(text)?.[1];
}

export interface CustomCommandOutcome {
  /** Bytes to send back, if any. */
  reply?: string | Uint8Array;
  /** True when the row must shut down (`system_stop`). */
  shutdown: boolean;
}

/** Splits `name:p1,p2` into the name and its string parameters (none when no `:` or nothing after it). */
export function splitCustomCommand(body: string): { name: string; params: string[] } {
  const colon = body.indexOf(':');
  if (colon < 0) return { name: body, params: [] };
  const paramText = body.slice(colon + 1);
  return { name: body.slice(0, colon), params: paramText ? paramText.split(',') : [] };
}

/**
 * Runs a custom command body (without `$` and `%%%%%`) on a System. Only `system_*` names run;
 * `system_stop` and `system_greet` are built in. Failures are logged, never thrown.
 */
export function runCustomCommand(system: System, body: string, logger: Logger): CustomCommandOutcome {
  const { name, params } = splitCustomCommand(body);
  let result: CustomCommandResult;
  try {
    if (!name.startsWith('system_')) {
      logger.debug(`command ${name} not supported`);
      return { shutdown: false };
    }
    const command = system.customCommands && Object.hasOwn(system.customCommands, name) ? system.customCommands[name] : undefined;
    if (command) result = command(...params);
    else if (name === 'system_stop') result = SHUTDOWN_REPLY;
    else if (name === 'system_greet') result = system.greet?.();
    else {
      logger.debug(`command ${name} not supported`);
      return { shutdown: false };
    }
  } catch (err) {
    logger.debug({ err }, `unexpected exception ${String(err)}`);
    return { shutdown: false };
  }
  if (result === undefined || result.length === 0) return { shutdown: false };
  return { reply: result, shutdown: typeof result === 'string' && result === SHUTDOWN_REPLY };
}

/** True when a received chunk of a send connection is a whole custom command. */
export function isWholeCustomCommand(chunk: Buffer): boolean {
  return chunk.length >= 1 + CUSTOM_TAIL.length && chunk[0] === CUSTOM_HEADER && chunk.toString('latin1', chunk.length - 5) === CUSTOM_TAIL;
}
