import { describe, expect, it } from 'vitest';
import { scriptEnvironment, scriptNodeOptions } from './script-runtime.js';

const tsx = 'file:///repo/node_modules/tsx/dist/loader.mjs';

describe('scriptNodeOptions', () => {
  it('adds the source condition and tsx, keeping what was there', () => {
    expect(scriptNodeOptions(undefined, tsx)).toBe(`--conditions=@observatory/source --import=${tsx}`);
    expect(scriptNodeOptions('--max-http-header-size=1000', tsx)).toBe(`--max-http-header-size=1000 --conditions=@observatory/source --import=${tsx}`);
  });

  it('adds nothing twice', () => {
    const once = scriptNodeOptions(undefined, tsx);
    expect(scriptNodeOptions(once, tsx)).toBe(once);
  });

  it('resolves tsx by default', () => {
    expect(scriptNodeOptions(undefined)).toMatch(/--import=file:\/\/.*tsx/);
  });
});

describe('scriptEnvironment', () => {
  it('points scripts at the telescope simulator', () => {
    expect(scriptEnvironment({}, 'http://127.0.0.1:5100')).toMatchObject({ TELESCOPE_SIM_URL: 'http://127.0.0.1:5100' });
  });
});
