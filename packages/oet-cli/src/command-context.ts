import { ObservatoryError } from '@observatory/core';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { useColour } from './cli-io.js';
import { palette, type Palette } from './format/colour.js';
import { requestErrorMessage } from './format/errors.js';
import { OetClient } from './oet-client.js';
import { resolveServerUrl } from './server-url.js';
import { resolveToken } from './auth-token.js';

/** Options every command inherits from `oet` itself. */
export interface GlobalOptions {
  serverUrl?: string;
  json?: boolean;
  timeout: number;
  token?: string;
}

/** What an action needs: the client, the output mode and where each kind of output goes. */
export interface CommandContext {
  io: CliIo;
  client: OetClient;
  serverUrl: string;
  json: boolean;
  colours: Palette;
  /** Human output: stdout normally, stderr under `--json` (stdout then holds only the JSON). */
  say(text: string): void;
  /** Diagnostics and warnings: always stderr. */
  warn(text: string): void;
  /** The `--json` document: stdout, indented. */
  emitJson(value: unknown): void;
  /** One NDJSON line of a `--json` stream: stdout. */
  emitJsonLine(value: unknown): void;
}

/** A request failed; the message is what the user reads (`Cannot reach the OET server at …`). */
export class OetRequestError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions) {
    super('OET_CLI_REQUEST_FAILED', message, options);
  }
}

/**
 * Wraps an action: builds the client from the global options, closes it afterwards, and turns
 * transport and HTTP errors into one readable message.
 */
export function action<A extends unknown[]>(io: CliIo, run: (ctx: CommandContext, ...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const serverUrl = resolveServerUrl(globals.serverUrl, io.env);
    const json = globals.json === true;
    const client = new OetClient({ baseUrl: serverUrl, timeoutMs: globals.timeout, token: resolveToken(globals.token, io.env) });
    const colours = palette(!json && useColour(io.stdout, io.env));
    const ctx: CommandContext = {
      io,
      client,
      serverUrl,
      json,
      colours,
      say: (text) => (json ? io.stderr : io.stdout).write(`${text}\n`),
      warn: (text) => io.stderr.write(`${text}\n`),
      emitJson: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
      emitJsonLine: (value) => io.stdout.write(`${JSON.stringify(value)}\n`),
    };
    try {
      await run(ctx, ...args);
    } catch (err) {
      const message = requestErrorMessage(err, serverUrl);
      if (message !== undefined) throw new OetRequestError(message, { cause: err });
      throw err;
    } finally {
      await client.close();
    }
  };
}
