export {
  type Clock,
  type ClockOptions,
  createClock,
  systemClock,
  type TimeoutClock,
  type TimerHandle,
} from './clock.js';
export { MANUAL_CLOCK_EPOCH, ManualClock } from './manual-clock.js';
