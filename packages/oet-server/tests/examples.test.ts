import { describe, expect, it } from 'vitest';
import { quickStart } from '../examples/quick-start.js';

describe('examples', () => {
  it('quick-start runs a script to COMPLETE', async () => {
    const summary = await quickStart();
    expect(summary.state).toBe('COMPLETE');
    expect(summary.history.process_states.map(([s]) => s)).toEqual(['CREATING', 'IDLE', 'LOADING', 'IDLE', 'READY', 'RUNNING', 'READY', 'COMPLETE']);
  });
});
