import { DeviceError } from './device-error.js';
import { checkElement, makeArray, toArray } from './attribute-values.js';
import type { CommandTypeName, DevEncodedValue } from './tango-types.js';
import { ARRAY_ELEMENT } from './tango-types.js';

function incompatible(command: string, type: CommandTypeName, what: 'argin' | 'argout', got: unknown): never {
  const shown = typeof got === 'bigint' ? `${got}n` : got === null ? 'null' : typeof got === 'object' ? Object.prototype.toString.call(got) : typeof got;
  throw new DeviceError(
    'API_IncompatibleCmdArgumentType',
    `command ${command}: ${what} ${shown} is incompatible, expected type is Tango::${type}`,
    'DeviceImpl::command_inout',
  );
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * Checks a command argument or result against its declared type and returns it in canonical form:
 * numbers, `bigint` for 64-bit, typed arrays for numeric arrays, `{ lvalue, svalue }` / `{ dvalue, svalue }`
 * for the two struct arrays, `{ format, data }` for DevEncoded, `undefined` for DevVoid.
 */
export function checkCommandValue(command: string, type: CommandTypeName, value: unknown, what: 'argin' | 'argout'): unknown {
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof DeviceError && err.reason === 'API_IncompatibleAttrDataType') incompatible(command, type, what, value);
      throw err;
    }
  };
  switch (type) {
    case 'DevVoid':
      return undefined;
    case 'DevEncoded': {
      const e = value as Partial<DevEncodedValue> | null;
      if (typeof e !== 'object' || e === null || typeof e.encoded_format !== 'string' || !(e.encoded_data instanceof Uint8Array)) incompatible(command, type, what, value);
      return { encoded_format: e.encoded_format, encoded_data: e.encoded_data } satisfies DevEncodedValue;
    }
    case 'DevVarLongStringArray':
    case 'DevVarDoubleStringArray': {
      const o = value as { lvalue?: unknown; dvalue?: unknown; svalue?: unknown };
      const numbers = type === 'DevVarLongStringArray' ? o?.lvalue : o?.dvalue;
      if (typeof o !== 'object' || o === null || !isArrayLike(numbers) || !isArrayLike(o.svalue)) incompatible(command, type, what, value);
      const nums = wrap(() => toArray(type === 'DevVarLongStringArray' ? 'DevLong' : 'DevDouble', numbers, command));
      const strs = wrap(() => makeArray('DevString', Array.from(o.svalue as ArrayLike<unknown>), command));
      return type === 'DevVarLongStringArray' ? { lvalue: nums, svalue: strs } : { dvalue: nums, svalue: strs };
    }
    default: {
      const element = ARRAY_ELEMENT[type as keyof typeof ARRAY_ELEMENT];
      if (element) {
        if (!isArrayLike(value) || typeof value === 'string') incompatible(command, type, what, value);
        return wrap(() => toArray(element, value, command));
      }
      return wrap(() => checkElement(command, type as Exclude<CommandTypeName, 'DevVoid'> as never, value));
    }
  }
}
