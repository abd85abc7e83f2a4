import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_URL, resolveServerUrl } from './server-url.js';

describe('resolveServerUrl', () => {
  it('prefers --server-url, then OET_URL, then OET_REST_URI, then the default', () => {
    const env = { OET_URL: 'http://env:1/api', OET_REST_URI: 'http://legacy:2/api/procedures' };
    expect(resolveServerUrl('http://flag:3/api/', env)).toBe('http://flag:3/api');
    expect(resolveServerUrl(undefined, env)).toBe('http://env:1/api');
    expect(resolveServerUrl(undefined, { OET_REST_URI: env.OET_REST_URI })).toBe('http://legacy:2/api');
    expect(resolveServerUrl(undefined, { OET_REST_URI: 'http://legacy:2/api/procedures/' })).toBe('http://legacy:2/api');
    expect(resolveServerUrl(undefined, {})).toBe(DEFAULT_SERVER_URL);
    expect(resolveServerUrl('', { OET_URL: '' })).toBe(DEFAULT_SERVER_URL);
  });

  it('rejects what is not an http(s) URL, naming the source', () => {
    expect(() => resolveServerUrl('not a url', {})).toThrow(/--server-url/);
    expect(() => resolveServerUrl(undefined, { OET_URL: 'ftp://x/y' })).toThrow(/OET_URL.*http/);
  });
});
