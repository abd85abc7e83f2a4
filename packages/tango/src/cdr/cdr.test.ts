import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAny, writeAny } from './any.js';
import { CdrReader } from './reader.js';
import { readTypeCode, writeTypeCode, type TypeCode } from './typecode.js';
import { CdrWriter } from './writer.js';

describe('CDR (T-CDR-1)', () => {
  it('strings are Latin-1 with a NUL; characters above U+00FF are refused', () => {
    const w = new CdrWriter();
    w.string('é');
    expect(w.view().toString('hex')).toBe('02000000e900');
    expect(new CdrReader(Buffer.from(w.view())).string()).toBe('é');
    expect(() => new CdrWriter().string('€')).toThrow(expect.objectContaining({ code: 'TANGO_ENCODE' }));
    expect(new CdrReader(Buffer.from('0100000000', 'hex')).string()).toBe('');
  });

  it('aligns relative to the origin and pads with zeros', () => {
    const w = new CdrWriter();
    w.octet(1);
    w.double(1);
    expect(w.view().toString('hex')).toBe('0100000000000000000000000000f03f');
  });

  it('reads big-endian data', () => {
    const r = new CdrReader(Buffer.from('00000005ffff00000000000000000001', 'hex'), false);
    expect(r.ulong()).toBe(5);
    expect(r.short()).toBe(-1);
    expect(r.longlong()).toBe(1n);
  });

  it('numeric sequences decode in both byte orders, short ones element by element and long ones in bulk', () => {
    const kinds = [
      { read: (r: CdrReader) => r.shortSeq(), size: 2, put: (b: Buffer, v: number, o: number, le: boolean) => (le ? b.writeInt16LE(v, o) : b.writeInt16BE(v, o)), gen: fc.integer({ min: -32768, max: 32767 }) },
      { read: (r: CdrReader) => r.ushortSeq(), size: 2, put: (b: Buffer, v: number, o: number, le: boolean) => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o)), gen: fc.integer({ min: 0, max: 65535 }) },
      { read: (r: CdrReader) => r.longSeq(), size: 4, put: (b: Buffer, v: number, o: number, le: boolean) => (le ? b.writeInt32LE(v, o) : b.writeInt32BE(v, o)), gen: fc.integer() },
      { read: (r: CdrReader) => r.ulongSeq(), size: 4, put: (b: Buffer, v: number, o: number, le: boolean) => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o)), gen: fc.nat() },
      { read: (r: CdrReader) => r.floatSeq(), size: 4, put: (b: Buffer, v: number, o: number, le: boolean) => (le ? b.writeFloatLE(v, o) : b.writeFloatBE(v, o)), gen: fc.float({ noNaN: true }) },
      { read: (r: CdrReader) => r.doubleSeq(), size: 8, put: (b: Buffer, v: number, o: number, le: boolean) => (le ? b.writeDoubleLE(v, o) : b.writeDoubleBE(v, o)), gen: fc.double({ noNaN: true }) },
      { read: (r: CdrReader) => r.longlongSeq(), size: 8, put: (b: Buffer, v: bigint, o: number, le: boolean) => (le ? b.writeBigInt64LE(v, o) : b.writeBigInt64BE(v, o)), gen: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
      { read: (r: CdrReader) => r.ulonglongSeq(), size: 8, put: (b: Buffer, v: bigint, o: number, le: boolean) => (le ? b.writeBigUInt64LE(v, o) : b.writeBigUInt64BE(v, o)), gen: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
    ] as const;
    for (const kind of kinds) {
      fc.assert(
        fc.property(fc.array(kind.gen as fc.Arbitrary<number & bigint>, { maxLength: 20 }), fc.nat({ max: 7 }), fc.boolean(), (xs, pad, le) => {
          // pad octets, the count (4-aligned), then the elements at their own alignment.
          const countAt = pad + ((4 - (pad % 4)) % 4);
          let at = countAt + 4;
          if (xs.length) at += (kind.size - (at % kind.size)) % kind.size;
          const buf = Buffer.alloc(at + xs.length * kind.size);
          if (le) buf.writeUInt32LE(xs.length, countAt);
          else buf.writeUInt32BE(xs.length, countAt);
          xs.forEach((x, i) => (kind.put as (b: Buffer, v: unknown, o: number, le: boolean) => void)(buf, x, at + i * kind.size, le));
          const r = new CdrReader(buf, le, pad, 0);
          const got = Array.from(kind.read(r) as ArrayLike<unknown>);
          expect(got).toEqual(xs);
          expect(r.remaining).toBe(0);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('range-checks integers on encode', () => {
    expect(() => new CdrWriter().short(40000)).toThrow(expect.objectContaining({ code: 'TANGO_ENCODE' }));
    expect(() => new CdrWriter().ulonglong(-1n)).toThrow(expect.objectContaining({ code: 'TANGO_ENCODE' }));
    expect(() => new CdrWriter().long(1.5)).toThrow(expect.objectContaining({ code: 'TANGO_ENCODE' }));
  });

  it('typed sequences and anys round-trip for arbitrary values', () => {
    const tc: TypeCode = { kind: 'alias', id: 'IDL:Tango/DevVarLong64Array:1.0', name: 'DevVarLong64Array', content: { kind: 'sequence', content: { kind: 'longlong' }, bound: 0 } };
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })), fc.nat({ max: 7 }), (xs, pad) => {
        const w = new CdrWriter();
        for (let i = 0; i < pad; i++) w.octet(0);
        writeAny(w, { type: tc, value: BigInt64Array.from(xs) });
        const r = new CdrReader(Buffer.from(w.view()), true, pad, 0);
        const any = readAny(r);
        expect(Array.from(any.value as BigInt64Array)).toEqual(xs);
        expect(r.remaining).toBe(0);
      }),
    );
  });

  it('TypeCodes round-trip, including unions and indirections resolve to earlier TypeCodes', () => {
    const union: TypeCode = { kind: 'union', id: 'IDL:U:1.0', name: 'U', discriminator: { kind: 'long' }, defaultIndex: -1, members: [{ label: 1, name: 'a', type: { kind: 'double' } }] };
    const w = new CdrWriter();
    writeTypeCode(w, union);
    expect(readTypeCode(new CdrReader(Buffer.from(w.view())))).toEqual(union);
    // A sequence whose element is an indirection back to an earlier TypeCode in the same buffer.
    const seen = new Map<number, TypeCode>();
    const buf = Buffer.from('05000000' + 'ffffffff' + 'f8ffffff', 'hex');
    const r = new CdrReader(buf);
    expect(readTypeCode(r, seen)).toEqual({ kind: 'ulong' });
    expect(readTypeCode(r, seen)).toEqual({ kind: 'ulong' });
    expect(() => readTypeCode(new CdrReader(Buffer.from('ffffffff00000000', 'hex')))).toThrow(expect.objectContaining({ code: 'TANGO_DECODE' }));
  });
});
