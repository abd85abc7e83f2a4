import { describe, expect, it } from 'vitest';
import { CdrWriter } from '../cdr/writer.js';
import { GiopProtocolError } from '../errors/tango-errors.js';
import { operations } from '../idl/operations.js';
import { CODE_SETS_CONTEXT_DATA, SERVICE_CONTEXT_CODE_SETS } from './constants.js';
import { decodeMessage, encodeRequest, type RequestMessage } from './messages.js';

const args = { names: ['double_scalar'], source: 'CACHE_DEV' as const, cl_ident: { CPP: 4242 } };
const write = (w: CdrWriter): void => operations.read_attributes_5.args.write(w, args);

function encodedArgs(): Uint8Array {
  const w = new CdrWriter(64);
  write(w);
  return Buffer.from(w.view());
}

describe('requests with pre-encoded arguments (T-GIOP-4, T-CDR-4)', () => {
  it('are byte for byte the request written from the arguments, for every id, key and context form', () => {
    const bodyBytes = encodedArgs();
    const key = Buffer.from('sys/tg_test/1', 'latin1');
    const other = Buffer.from('sys/tg_test/22', 'latin1');
    const contexts = [{ id: SERVICE_CONTEXT_CODE_SETS, data: CODE_SETS_CONTEXT_DATA }];
    for (const [requestId, objectKey, serviceContexts] of [
      [1, key, undefined],
      [2, key, undefined],
      [0xfffffffe, key, undefined],
      [3, other, undefined],
      [4, key, contexts],
      [5, key, undefined],
    ] as const) {
      const fromBytes = encodeRequest({ requestId, objectKey, operation: 'read_attributes_5', serviceContexts, bodyBytes });
      const written = encodeRequest({ requestId, objectKey, operation: 'read_attributes_5', serviceContexts, body: write });
      expect(fromBytes.toString('hex')).toBe(written.toString('hex'));
      const m = decodeMessage(fromBytes) as RequestMessage;
      expect([m.requestId, m.objectKey.toString('latin1'), m.operation]).toEqual([requestId, objectKey.toString('latin1'), 'read_attributes_5']);
      expect(operations.read_attributes_5.args.read(m.body)).toEqual(args);
    }
  });

  it('are refused for GIOP 1.0/1.1, whose bodies do not start 8-aligned', () => {
    expect(() => encodeRequest({ minor: 0, requestId: 1, objectKey: Buffer.from('k'), operation: 'ping', bodyBytes: new Uint8Array(0) })).toThrow(GiopProtocolError);
  });
});
