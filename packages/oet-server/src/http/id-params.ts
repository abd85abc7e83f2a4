import type { FastifyInstance } from 'fastify';
import { ScriptValidationError } from '../errors.js';

/** A plain decimal id (no sign, exponent, hex or fraction) that stays a safe integer. */
const PLAIN_DECIMAL = /^[0-9]{1,15}$/;

/**
 * Path `:id`s must be plain decimal on every route (`1e3`, `0x10`, `1.0` are 422), checked on the raw
 * text before the schema coerces it to a number (which would accept them).
 */
export function requirePlainDecimalIds(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const params = req.params as Record<string, unknown> | undefined;
    if (!params) return;
    // only `:id` (procedures, activities): other parameters, such as SBD ids, are strings
    const value = params.id;
    if (typeof value === 'string' && !PLAIN_DECIMAL.test(value)) {
      throw new ScriptValidationError([
        { type: 'int_parsing', loc: ['path', 'id'], msg: 'Input should be a valid integer, unable to parse string as an integer' },
      ]);
    }
  });
}
