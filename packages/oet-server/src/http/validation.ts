import type { FastifySchemaValidationError } from 'fastify';
import type { ValidationIssue } from '../errors.js';

const TYPE_ISSUES: Record<string, [string, string]> = {
  integer: ['int_parsing', 'Input should be a valid integer, unable to parse string as an integer'],
  number: ['float_parsing', 'Input should be a valid number'],
  string: ['string_type', 'Input should be a valid string'],
  boolean: ['bool_parsing', 'Input should be a valid boolean'],
  object: ['dict_type', 'Input should be a valid dictionary or object'],
  array: ['list_type', 'Input should be a valid list'],
};

/** Maps ajv errors (fastify's `err.validation`) to FastAPI-style 422 entries with `loc` paths. */
export function toValidationIssues(errors: FastifySchemaValidationError[], context: string): ValidationIssue[] {
  const where = context === 'querystring' ? 'query' : context === 'params' ? 'path' : context;
  return errors.map((e) => {
    const loc: Array<string | number> = [where];
    for (const part of e.instancePath.split('/').slice(1)) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      loc.push(/^\d+$/.test(key) ? Number(key) : key);
    }
    const params = e.params;
    switch (e.keyword) {
      case 'required':
        loc.push(String(params.missingProperty));
        return { type: 'missing', loc, msg: 'Field required' };
      case 'type': {
        const wanted = String(params.type).split(',')[0]!;
        const [type, msg] = TYPE_ISSUES[wanted] ?? ['type_error', `Input should be of type ${String(params.type)}`];
        return { type, loc, msg };
      }
      case 'enum': {
        const allowed = (params.allowedValues as unknown[]).map((v) => (v === null ? 'null' : `'${typeof v === 'string' ? v : JSON.stringify(v)}'`));
        const text = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)!}` : (allowed[0] ?? '');
        return { type: 'enum', loc, msg: `Input should be ${text}` };
      }
      default:
        return { type: 'value_error', loc, msg: e.message ?? 'Invalid value' };
    }
  });
}
