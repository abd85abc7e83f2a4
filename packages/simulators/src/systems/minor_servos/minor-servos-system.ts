import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, Parser, System, TimerHandle } from '../../framework/index.js';
import { crlfLineParser } from '../../framework/index.js';
import { formatPythonFixed, pyFloat, pyInt, pyStrip } from '@discos/backend-protocol';
import { createServos, OperativeMode, PROGRAM_TRACK_TIMEGAP_S, type Servo } from './servo.js';
import { loadSetupTable, type SetupConfiguration } from './setup-table.js';

/** Seconds before a delayed change (stow, Gregorian cap) takes effect. */
export const MINOR_SERVOS_TIMER_S = 5;
/** Motion update period. */
export const MINOR_SERVOS_UPDATE_MS = 10;
/** A command line never legitimately approaches this; longer input is dropped. */
const MAX_LINE = 65536;

const TAIL = '\r\n';
const BAD = 'OUTPUT:BAD';
const BAD_COMMAND_NAME = `${BAD}_COMMAND_NAME`;
const BAD_ARGS_NUMBER = `${BAD}_ARGUMENTS_NUMBER`;
const BAD_ARGS_TYPE = `${BAD}_ARGUMENTS_TYPE`;

/** The two VBrain reset commands answered on the HTTP port. */
export const MINOR_SERVOS_HTTP_PATHS = [
  '/Exporting/json/ExecuteCommand?name=INAF_SRT_OR7_EMG_RESET_CMD',
  '/Exporting/json/ExecuteCommand?name=INAF_SRT_OR7_RESET_CMD',
] as const;
/** Python's `json.dumps` of the answer (spaces after `:` and `,`). */
const HTTP_ANSWER = '{"Message": "OUTPUT:GOOD", "Status": "Good"}';

export interface MinorServosOptions {
  clock: Clock;
  /** Seconds for delayed changes (default 5). */
  timerSeconds?: number;
  /** Setup table (default: the CDB's, else the built-in one). */
  setupTable?: Map<string, SetupConfiguration>;
}

/**
 * The SRT minor servos (PLC over TCP, `CMD[=args]\r\n` -> `OUTPUT:GOOD,<time>[,...]\r\n` or `OUTPUT:BAD...`):
 * STATUS, SETUP, STOW, STOP, PRESET, PROGRAMTRACK and OFFSET for PFP, SRP, M3R, GFR and the derotators,
 * plus the VBrain reset endpoint over HTTP.
 */
export class MinorServosSystem implements System {
  readonly servos: Map<string, Servo>;
  configuration = 0;
  readonly simulation = 1;
  readonly plcVersion = 1;
  readonly control = 1;
  readonly power = 1;
  readonly emergency = 2;
  gregorianCap = 1;
  lastExecutedCommand: string | number = 0;
  private readonly clock: Clock;
  private readonly timerSeconds: number;
  private readonly setupTable: Map<string, SetupConfiguration>;
  private readonly updateTimer: TimerHandle;
  private coverTimer: TimerHandle | undefined;
  private readonly servoTimers = new Set<TimerHandle>();

  constructor(options: MinorServosOptions) {
    this.clock = options.clock;
    this.timerSeconds = options.timerSeconds ?? MINOR_SERVOS_TIMER_S;
    this.servos = createServos(this.now());
    this.setupTable = options.setupTable ?? loadSetupTable([...this.servos.keys()]);
    this.updateTimer = this.clock.setInterval(() => {
      const now = this.now();
      for (const servo of this.servos.values()) servo.step(now);
    }, MINOR_SERVOS_UPDATE_MS);
  }

  /** Clock time in seconds. */
  private now(): number {
    return this.clock.now() / 1000;
  }

  private plcTime(now = this.now()): string {
    return formatPythonFixed(now, 6);
  }

  private good(now?: number): string {
    return `OUTPUT:GOOD,${this.plcTime(now)}`;
  }

  createParser(): Parser {
    return crlfLineParser((message) => this.execute(message), { maxBytes: MAX_LINE, text: 'whole', tooLongMessage: `command longer than ${MAX_LINE} bytes` });
  }

  dispose(): void {
    this.clock.clearInterval(this.updateTimer);
    this.clock.clearTimeout(this.coverTimer);
    for (const timer of this.servoTimers) this.clock.clearTimeout(timer);
    this.servoTimers.clear();
  }

  handleHttp(request: IncomingMessage, response: ServerResponse): void {
    if (request.method !== 'GET') {
      response.writeHead(501).end();
      return;
    }
    if ((MINOR_SERVOS_HTTP_PATHS as readonly string[]).includes(request.url ?? '')) {
      response.writeHead(200, { 'Content-type': 'application/json' }).end(HTTP_ANSWER);
    } else {
      response.writeHead(404).end();
    }
  }

  /** Executes one line (with its CRLF) and returns the answer line. */
  execute(message: string): string {
    const args = message.split(/[=,]/).map((x) => pyStrip(x));
    const name = args.shift() ?? '';
    const handler = this.handlers[name];
    if (!handler) return BAD_COMMAND_NAME + TAIL;
    return handler(args) + TAIL;
  }

  private readonly handlers: Record<string, (args: string[]) => string> = {
    STATUS: (args) => this.status(args),
    SETUP: (args) => this.setup(args),
    STOW: (args) => this.stow(args),
    STOP: (args) => this.stop(args),
    PRESET: (args) => this.preset(args),
    PROGRAMTRACK: (args) => this.programTrack(args),
    OFFSET: (args) => this.offset(args),
  };

  private executed(): void {
    this.lastExecutedCommand = this.plcTime();
  }

  /** Runs `fn` after the delay on the injected clock; the handle cancels it. */
  private later(fn: () => void): { cancel(): void } {
    const handle = this.clock.setTimeout(() => {
      this.servoTimers.delete(handle);
      fn();
    }, this.timerSeconds * 1000);
    this.servoTimers.add(handle);
    return {
      cancel: () => {
        this.clock.clearTimeout(handle);
        this.servoTimers.delete(handle);
      },
    };
  }

  private moveCap(position: number): void {
    this.clock.clearTimeout(this.coverTimer);
    this.gregorianCap = 0;
    this.coverTimer = this.clock.setTimeout(() => {
      this.coverTimer = undefined;
      this.gregorianCap = position;
    }, this.timerSeconds * 1000);
  }

  private status(args: string[]): string {
    if (args.length > 1) return BAD_ARGS_NUMBER;
    if (args.length === 1) {
      const servo = this.servos.get(args[0] as string);
      if (!servo) return BAD;
      const now = this.now();
      return this.good(now) + servo.statusText(now);
    }
    const answer = this.good();
    const plcTime = answer.slice(answer.lastIndexOf(',') + 1);
    return (
      `${answer},CURRENT_CONFIG=${this.configuration}|SIMULATION_ENABLED=${this.simulation}|PLC_TIME=${plcTime}|` +
      `PLC_VERSION=${this.plcVersion}|CONTROL=${this.control}|POWER=${this.power}|EMERGENCY=${this.emergency}|` +
      `GREGORIAN_CAP=${this.gregorianCap}|LAST_EXECUTED_COMMAND=${this.lastExecutedCommand}`
    );
  }

  private setup(args: string[]): string {
    if (args.length !== 1) return BAD_ARGS_NUMBER;
    const configuration = this.setupTable.get(args[0] as string);
    if (!configuration) return BAD;
    this.configuration = configuration.id;
    for (const [name, servo] of this.servos) {
      servo.cancelModeTimer();
      servo.operativeMode = OperativeMode.none;
      servo.setCoords(configuration.coords[name] ?? new Array<undefined>(servo.dof).fill(undefined), OperativeMode.setup, false);
    }
    const cap = configuration.gregorianCap;
    if (cap && this.gregorianCap !== cap) this.moveCap(cap);
    this.executed();
    return this.good();
  }

  private stow(args: string[]): string {
    if (args.length !== 2) return BAD_ARGS_NUMBER;
    const id = args[0] as string;
    if (!this.servos.has(id) && id !== 'GREGORIAN_CAP') return BAD;
    const position = pyInt(args[1] as string);
    if (position === undefined) return BAD_ARGS_TYPE;
    if (id === 'GREGORIAN_CAP') {
      if (!(position >= 0 && position <= 4)) return BAD;
      if (this.gregorianCap !== position) {
        this.clock.clearTimeout(this.coverTimer);
        this.coverTimer = undefined;
        // Opening from closed, or closing, takes the cap timer; moving between open positions is immediate.
        // In range, so not a bigint.
        if (this.gregorianCap <= 1 || position === 1) this.moveCap(Number(position));
        else this.gregorianCap = Number(position);
      }
    } else {
      const servo = this.servos.get(id) as Servo;
      servo.cancelModeTimer();
      servo.operativeMode = OperativeMode.none;
      servo.modeTimer = this.later(() => {
        servo.operativeMode = OperativeMode.stow;
      });
    }
    this.executed();
    return this.good();
  }

  private stop(args: string[]): string {
    if (args.length !== 1) return BAD_ARGS_NUMBER;
    const servo = this.servos.get(args[0] as string);
    if (!servo) return BAD;
    servo.cancelModeTimer();
    servo.operativeMode = OperativeMode.stop;
    this.executed();
    return this.good();
  }

  /** Parses `dof` coordinates: a reply for a wrong count or type, else the numbers. */
  private coordinates(servo: Servo, texts: string[]): string | number[] {
    if (texts.length !== servo.dof) return BAD_ARGS_NUMBER;
    const values = texts.map(pyFloat);
    if (values.some((v) => v === undefined)) return BAD_ARGS_TYPE;
    return values as number[];
  }

  private preset(args: string[]): string {
    if (args.length < 2) return BAD_ARGS_NUMBER;
    const servo = this.servos.get(args[0] as string);
    if (!servo) return BAD;
    const coords = this.coordinates(servo, args.slice(1));
    if (typeof coords === 'string') return coords;
    servo.cancelModeTimer();
    servo.operativeMode = OperativeMode.none;
    if (!servo.setCoords(coords, OperativeMode.preset)) return BAD;
    this.executed();
    return this.good();
  }

  private programTrack(args: string[]): string {
    if (args.length === 0) return BAD_ARGS_NUMBER;
    const servo = this.servos.get(args[0] as string);
    if (!servo || !servo.programTrackCapable) return BAD;
    if (args.length !== 4 + servo.dof) return BAD_ARGS_NUMBER;
    const trajectoryId = pyInt(args[1] as string);
    const pointId = pyInt(args[2] as string);
    const values = args.slice(4).map(pyFloat);
    if (trajectoryId === undefined || pointId === undefined || values.some((v) => v === undefined)) return BAD_ARGS_TYPE;
    const coords = (values as number[]).map((v, i) => v + (servo.offsets[i] as number));
    const now = this.now();
    let startTime: number;
    if (args[3] === '*') {
      if (trajectoryId !== servo.trajectoryId) return BAD;
      if (servo.trajectoryPointId === undefined || pointId !== servo.trajectoryPointId + 1) return BAD;
      startTime = servo.trajectoryStartTime as number;
    } else {
      const parsed = pyFloat(args[3] as string);
      if (parsed === undefined) return BAD_ARGS_TYPE;
      if (parsed < now || pointId !== 0) return BAD;
      startTime = parsed;
    }
    // The checks above leave only a small point id (0, or the previous one + 1).
    const point = Number(pointId);
    const pointTime = startTime + point * PROGRAM_TRACK_TIMEGAP_S;
    if (pointTime < now) return BAD;
    if (pointId === 0) servo.newTrajectory(trajectoryId, pointTime);
    servo.trajectoryPointId = point;
    servo.addPoint(point, pointTime, coords, now);
    this.executed();
    servo.operativeMode = OperativeMode.programTrack;
    return this.good();
  }

  private offset(args: string[]): string {
    if (args.length < 2) return BAD_ARGS_NUMBER;
    const servo = this.servos.get(args[0] as string);
    if (!servo) return BAD;
    const coords = this.coordinates(servo, args.slice(1));
    if (typeof coords === 'string') return coords;
    servo.setOffsets(coords);
    this.executed();
    return this.good();
  }
}
