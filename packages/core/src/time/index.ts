export { createClock, systemClock, type Clock, type ClockOptions, type TimeoutClock, type TimerHandle } from './clock.js';
export { MANUAL_CLOCK_EPOCH, ManualClock } from './manual-clock.js';
