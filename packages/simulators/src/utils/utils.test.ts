import { describe, expect, it } from 'vitest';
import {
  binaryComplement,
  binaryToBytes,
  bytesToBinary,
  bytesToInt,
  bytesToReal,
  bytesToUint,
  checksum,
  checksumString,
  dayMicroseconds,
  dayMilliseconds,
  dayPercentage,
  intToBytes,
  intToTwos,
  mjd,
  mjdToDate,
  realToBinary,
  realToBytes,
  sign,
  twosToInt,
  uintToBytes,
  utcInstant,
} from './index.js';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const at = (h: number, m: number, s: number, us: number) => utcInstant(2020, 1, 1, h, m, s, us);

describe('utils: bits and bytes', () => {
  it('checksum', () => {
    expect(checksumString('fooo')).toBe('L');
    expect(checksum(new Uint8Array())).toBe(0xff);
    expect(checksum(hex('fc 21 12'))).toBe(0xd0);
  });

  it('binaryComplement', () => {
    expect(binaryComplement('11010110')).toBe('00101001');
    expect(binaryComplement('10110', '10111')).toBe('00001');
    expect(binaryComplement('11010', '00010')).toBe('00000');
    expect(() => binaryComplement('1102')).toThrow('String 1102 is not expressed in binary notation.');
  });

  it('twos complement', () => {
    expect(twosToInt('11111011')).toBe(-5);
    expect(twosToInt('111')).toBe(-1);
    expect(twosToInt('00000111')).toBe(7);
    expect(intToTwos(5)).toBe(`${'0'.repeat(29)}101`);
    expect(intToTwos(-1625, 2)).toBe('1111100110100111');
    expect(() => intToTwos(4294967295)).toThrow('4294967295 out of range (-2147483648, 2147483647).');
  });

  it('binary <-> bytes', () => {
    expect(binaryToBytes('0110100001100101011011000110110001101111', false).toString('latin1')).toBe('hello');
    expect(binaryToBytes('0000000100000010')).toEqual(hex('02 01'));
    expect(binaryToBytes('1111111101')).toEqual(hex('01 ff'));
    expect(bytesToBinary(Buffer.from('hi'), false)).toBe('0110100001101001');
  });

  it('bytes -> int / uint', () => {
    expect(bytesToInt(Buffer.from('hello'), false)).toBe(448378203247);
    expect(bytesToInt(hex('00 00 fa ff'), false)).toBe(64255);
    expect(bytesToInt(hex('00 00 fa ff'))).toBe(-393216);
    expect(bytesToUint(Buffer.from('hi'), false)).toBe(26729);
    expect(bytesToUint(hex('ff ff ff ff'))).toBe(4294967295);
  });

  it('reals', () => {
    expect(realToBinary(619.34000405413)).toBe('01000100000110101101010111000011');
    expect(realToBinary(Math.PI, 2)).toBe('0100000000001001001000011111101101010100010001000010110100011000');
    expect(() => realToBinary(1, 3)).toThrow('Unknown precision 3.');
    expect(realToBytes(436.56, 1, false)).toEqual(hex('43 da 47 ae'));
    expect(realToBytes(436.56, 2, false)).toEqual(hex('40 7b 48 f5 c2 8f 5c 29'));
    expect(realToBytes(1.5)).toEqual(hex('00 00 c0 3f'));
    expect(bytesToReal(hex('44 77 2c 31'), 1, false).toFixed(2)).toBe('988.69');
    expect(bytesToReal(hex('42 34 7e b0'), 1, false)).toBe(45.12371826171875);
  });

  it('int / uint -> bytes', () => {
    expect(intToBytes(354, 4, false)).toEqual(hex('00 00 01 62'));
    expect(intToBytes(-4522764, 4, false)).toEqual(hex('ff ba fc f4'));
    expect(intToBytes(-2, 2)).toEqual(hex('fe ff'));
    expect(() => intToBytes(40000, 2)).toThrow(RangeError);
    expect(uintToBytes(657, 4, false)).toEqual(hex('00 00 02 91'));
    expect(uintToBytes(813)).toEqual(hex('2d 03 00 00'));
    expect(uintToBytes(1284639736, 4, false)).toEqual(hex('4c 92 0b f8'));
    expect(() => uintToBytes(-1)).toThrow('-1 out of range (0, 4294967295).');
  });

  it('sign', () => {
    expect(sign(5632)).toBe(1);
    expect(sign(0)).toBe(0);
    expect(sign(-264)).toBe(-1);
    expect(() => sign('a' as unknown as number)).toThrow(TypeError);
  });
});

describe('utils: time', () => {
  it('mjd', () => {
    expect(mjd(utcInstant(2018, 1, 20, 10, 30, 45, 100000))).toBe(58138.43802199074);
    expect(mjd(utcInstant(2017, 12, 4, 13, 51, 10, 162534))).toBe(58091.57720095525);
    expect(mjd(utcInstant(2000, 1, 1, 12))).toBe(51544.5);
    expect(() => mjd(utcInstant(1858, 11, 16))).toThrow('Provide a date after Nov 17 1858');
  });

  it('mjdToDate', () => {
    expect(mjdToDate(58119.69890447081)).toBe(utcInstant(2018, 1, 1, 16, 46, 25, 346278));
    expect(mjdToDate(60000.0)).toBe(utcInstant(2023, 2, 25));
    expect(() => mjdToDate(-1)).toThrow(RangeError);
  });

  it('day micro / milliseconds with banker’s rounding', () => {
    expect(dayMicroseconds(at(10, 30, 20, 123456))).toBe(37820123456);
    expect(dayMilliseconds(at(10, 30, 20, 123456))).toBe(37820123);
    expect(dayMilliseconds(at(0, 0, 0, 500))).toBe(0);
    expect(dayMilliseconds(at(0, 0, 0, 1500))).toBe(2);
    expect(dayMilliseconds(at(0, 0, 0, 2500))).toBe(2);
  });

  it('dayPercentage', () => {
    expect(dayPercentage(at(10, 30, 20, 123456))).toBe(0.4377329103703704);
    expect(dayPercentage({ seconds: 987654, microseconds: 321 })).toBe(11.431180559270834);
  });
});
