import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTangoName, parseTangoHost, parseTangoName, resolveTangoHost } from './names.js';

describe('Tango names (T-NAME-1)', () => {
  it('parses device and attribute names, lower-casing the device', () => {
    expect(parseTangoName('Sys/TG_Test/1')).toEqual({ device: 'sys/tg_test/1', attribute: undefined, host: undefined, nodb: false });
    expect(parseTangoName('sys/tg_test/1/Double_Scalar')).toMatchObject({ device: 'sys/tg_test/1', attribute: 'Double_Scalar' });
  });

  it('parses fully qualified and #dbase=no names', () => {
    const n = parseTangoName('tango://127.0.0.1:10123/sys/tg_test/1/double_scalar#dbase=no');
    expect(n).toEqual({ device: 'sys/tg_test/1', attribute: 'double_scalar', host: { host: '127.0.0.1', port: 10123 }, nodb: true });
    expect(formatTangoName(n)).toBe('tango://127.0.0.1:10123/sys/tg_test/1/double_scalar#dbase=no');
    expect(parseTangoName('tango://db:10000/a/b/c')).toMatchObject({ host: { host: 'db', port: 10000 }, nodb: false });
  });

  it('rejects malformed names with TANGO_NAME_INVALID', () => {
    for (const bad of ['a/b', 'a/b/c/d/e', 'a//c', 'sys/tg_test/1#dbase=no', 'tango://h/a/b/c', 'tango://h:99999/a/b/c', 'a/b/c#x=y']) {
      expect(() => parseTangoName(bad), bad).toThrow(expect.objectContaining({ code: 'TANGO_NAME_INVALID' }));
    }
    expect(() => parseTangoName('a/b/c/attr', 'none')).toThrow(expect.objectContaining({ code: 'TANGO_NAME_INVALID' }));
    expect(() => parseTangoName('a/b/c', 'required')).toThrow(expect.objectContaining({ code: 'TANGO_NAME_INVALID' }));
  });

  it('TANGO_HOST: several hosts in order; environment before ~/.tangorc before /etc/tangorc', () => {
    expect(parseTangoHost('a:10000, b:10001')).toEqual([
      { host: 'a', port: 10000 },
      { host: 'b', port: 10001 },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'tangorc-'));
    const home = join(dir, 'home');
    const etc = join(dir, 'etc');
    writeFileSync(home, '# comment\nTANGO_HOST=home:1\n');
    writeFileSync(etc, 'TANGO_HOST=etc:2\n');
    expect(resolveTangoHost({ TANGO_HOST: 'env:3' }, [home, etc])).toEqual([{ host: 'env', port: 3 }]);
    expect(resolveTangoHost({}, [home, etc])).toEqual([{ host: 'home', port: 1 }]);
    expect(resolveTangoHost({}, [join(dir, 'missing'), etc])).toEqual([{ host: 'etc', port: 2 }]);
    expect(resolveTangoHost({}, [join(dir, 'missing')])).toBeUndefined();
  });
});
