import { describe, expect, it } from 'vitest';
import { scriptEnvironment } from './script-runtime.js';

describe('scriptEnvironment', () => {
  it('hands scripts the telescope simulator URL', () => {
    expect(scriptEnvironment('http://127.0.0.1:5100')).toEqual({ TELESCOPE_SIM_URL: 'http://127.0.0.1:5100' });
  });
});
