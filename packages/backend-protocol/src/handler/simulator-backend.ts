import { componentLogger, createClock, type Logger, type TimeoutClock } from '@observatory/core';
import { HandlerError } from '../errors.js';
import type { DiscosTime } from '../time/discos-time.js';
import { formatPythonFloat } from '../values/python-number.js';
import type { Backend, BackendResult, IntArg, Unchanged } from './backend.js';

// A timed start/stop may lie weeks ahead (core's clocks never clamp far delays). Unref'd: pending
// acquisitions must not keep a process alive on their own.
const pendingClock: TimeoutClock = createClock({ unref: true });

export interface SimulatorBackendOptions {
  /** Time source and timers (epoch ms); tests inject a `ManualClock`. */
  clock?: TimeoutClock;
  /** Random numbers in [0, 1) for `get-tpi`. Default `Math.random`. */
  random?: () => number;
  logger?: Logger;
}

export interface SectionSettings {
  startFreq: number | Unchanged;
  bandwidth: number | Unchanged;
  feed: IntArg | Unchanged;
  mode: string;
  sampleRate: number | Unchanged;
  bins: IntArg | Unchanged;
}

const MAX_SECTIONS = 5;
const MAX_BANDWIDTH = 2000;
const FEEDS = Math.trunc(MAX_SECTIONS / 2);

/**
 * The reference's backend simulator: one instance shared by every connection, state survives
 * disconnects. Timed start/stop run on the injected clock.
 */
export class SimulatorBackend implements Backend {
  statusText = 'ok';
  acquiring = false;
  configuration = 'unconfigured';
  integration: IntArg = 0;
  filename = '';
  interleave: IntArg = 0;
  shift: IntArg = 0;
  currentSections: IntArg[] = [0, 1, 2, 3, 4];
  readonly sections = new Map<IntArg, SectionSettings>();
  private pendingStart: unknown;
  private pendingStop: unknown;
  private readonly clock: TimeoutClock;
  private readonly random: () => number;
  private readonly log: Logger;

  constructor(options: SimulatorBackendOptions = {}) {
    this.clock = options.clock ?? pendingClock;
    this.random = options.random ?? Math.random;
    this.log = componentLogger(options.logger, 'simulator-backend');
  }

  /** Unix seconds (float), as the protocol speaks them. */
  private nowSeconds(): number {
    return this.clock.now() / 1000;
  }

  status(): BackendResult {
    return [formatPythonFloat(this.nowSeconds()), this.statusText, this.acquiring ? 1 : 0];
  }

  getConfiguration(): BackendResult {
    return [this.configuration];
  }

  setConfiguration(name: string): BackendResult {
    if (!/^[a-z]/.test(name)) throw new HandlerError('invalid configuration');
    this.configuration = name;
  }

  getIntegration(): BackendResult {
    return [this.integration];
  }

  setIntegration(ms: IntArg): BackendResult {
    this.integration = ms;
  }

  getTpi(): BackendResult {
    return [formatPythonFloat(this.random() * 100), formatPythonFloat(this.random() * 100)];
  }

  getTp0(): BackendResult {
    return [0, 0];
  }

  time(): BackendResult {
    return [formatPythonFloat(this.nowSeconds())];
  }

  start(at?: DiscosTime): BackendResult {
    if (!at) {
      this.startNow();
      return;
    }
    const delay = at.unixSeconds - this.nowSeconds();
    if (delay < 0) throw new HandlerError('starting time already elapsed');
    if (this.pendingStart !== undefined) this.clock.clearTimeout(this.pendingStart);
    this.pendingStart = this.clock.setTimeout(() => {
      this.pendingStart = undefined;
      if (this.acquiring) this.log.warn('timed start fired while already acquiring');
      else this.acquiring = true;
    }, delay * 1000);
  }

  stop(at?: DiscosTime): BackendResult {
    if (!at) {
      // As in the reference, an immediate stop leaves a pending timed start in place.
      if (!this.acquiring) throw new HandlerError('not acquiring');
      this.acquiring = false;
      return;
    }
    const delay = at.unixSeconds - this.nowSeconds();
    if (delay < 0) throw new HandlerError('stop time already elapsed');
    if (this.pendingStop !== undefined) this.clock.clearTimeout(this.pendingStop);
    this.pendingStop = this.clock.setTimeout(() => {
      this.pendingStop = undefined;
      if (!this.acquiring) this.log.warn('timed stop fired while not acquiring');
      else this.acquiring = false;
    }, delay * 1000);
  }

  setSection(
    section: IntArg | Unchanged,
    startFreq: number | Unchanged,
    bandwidth: number | Unchanged,
    feed: IntArg | Unchanged,
    mode: string,
    sampleRate: number | Unchanged,
    bins: IntArg | Unchanged,
  ): BackendResult {
    // The reference compares '*' with a number here and fails with a TypeError: a generic fail.
    if (section === '*') throw new TypeError('section must be a number');
    if (section > MAX_SECTIONS) throw new HandlerError(`backend supports ${MAX_SECTIONS} sections`);
    if (bandwidth !== '*') {
      // Python int() of inf/nan raises: a generic fail.
      if (!Number.isFinite(bandwidth)) throw new RangeError('bandwidth must be finite');
      if (Math.trunc(bandwidth) > MAX_BANDWIDTH) throw new HandlerError(`backend maximum bandwidth is ${MAX_BANDWIDTH}`);
    }
    this.sections.set(section, { startFreq, bandwidth, feed, mode, sampleRate, bins });
  }

  calOn(interleave: IntArg): BackendResult {
    this.interleave = interleave;
  }

  setFilename(name: string): BackendResult {
    this.filename = name;
  }

  convertData(): BackendResult {
    return undefined;
  }

  setEnable(feed1: IntArg, feed2: IntArg): BackendResult {
    const inRange = (feed: IntArg) => feed >= 0 && feed < FEEDS;
    if (!inRange(feed1)) throw new HandlerError('feed1 out of range');
    if (!inRange(feed2)) throw new HandlerError('feed2 out of range');
    const f1 = Number(feed1);
    const f2 = Number(feed2);
    this.currentSections = [f1 * 2, f1 * 2 + 1, f2 * 2, f2 * 2 + 1];
  }

  endSchedule(): BackendResult {
    return undefined;
  }

  park(): BackendResult {
    return undefined;
  }

  setShift(shift: IntArg): BackendResult {
    this.shift = shift;
  }

  /** Cancels pending timed start/stop (the server is closing). */
  dispose(): void {
    if (this.pendingStart !== undefined) this.clock.clearTimeout(this.pendingStart);
    if (this.pendingStop !== undefined) this.clock.clearTimeout(this.pendingStop);
    this.pendingStart = undefined;
    this.pendingStop = undefined;
  }

  private startNow(): void {
    if (this.acquiring) throw new HandlerError('already acquiring');
    this.acquiring = true;
  }
}
