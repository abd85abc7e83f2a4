import { OetUsageError } from './errors.js';
import type { ScriptInput } from './types.js';

/** A command-line value as the script sees it: JSON when it parses (`3`, `true`, `[1]`), else the string. */
export function parseScriptValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Splits the leftover command-line words into a script's input: `--key=value` (or a bare `--flag`,
 * meaning true) become kwargs, everything else positional args, in order. `reserved` names the
 * command's own options, which are refused as keyword arguments.
 */
export function parseScriptInput(words: readonly string[], reserved: readonly string[] = []): ScriptInput {
  const input: ScriptInput = { args: [], kwargs: {} };
  let literal = false;
  for (const word of words) {
    if (!literal && word === '--') {
      literal = true; // after `--` everything is positional, even `--x=y`
      continue;
    }
    if (!literal && word.startsWith('--')) {
      const eq = word.indexOf('=');
      const key = eq === -1 ? word.slice(2) : word.slice(2, eq);
      if (!/^[A-Za-z_][\w-]*$/.test(key)) throw new OetUsageError(`Invalid keyword argument '${word}': use --name=value`);
      if (reserved.includes(key)) {
        // e.g. `--listen=maybe`: commander leaves it over because --listen takes no value
        throw new OetUsageError(`'${word}': --${key} is an option of this command, not a script keyword argument`);
      }
      input.kwargs[key] = eq === -1 ? true : parseScriptValue(word.slice(eq + 1));
      continue;
    }
    if (!literal && /^-[A-Za-z]/.test(word)) {
      throw new OetUsageError(`Unknown option '${word}': keyword arguments are written --name=value`);
    }
    input.args.push(parseScriptValue(word));
  }
  return input;
}
