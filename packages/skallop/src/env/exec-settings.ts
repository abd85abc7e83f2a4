export interface ExecSettingsInit {
  /** Total deadline of every wait, in ms (default 30 000). */
  timeoutMs?: number;
  /** Poll period when the SUT is read by polling (default 50). */
  pollIntervalMs?: number;
  /** Log each wait's events as they arrive (default false). */
  logEnabled?: boolean;
  /** Re-read an attribute after a matching event to confirm it (default false). */
  attrSynching?: boolean;
}

/** Per-test execution settings: deadlines and logging. A fresh instance is made for every test. */
export class ExecSettings {
  timeoutMs: number;
  pollIntervalMs: number;
  logEnabled: boolean;
  attrSynching: boolean;
  private touchedFlag = false;

  constructor(init: ExecSettingsInit = {}) {
    this.timeoutMs = init.timeoutMs ?? 30_000;
    this.pollIntervalMs = init.pollIntervalMs ?? 50;
    this.logEnabled = init.logEnabled ?? false;
    this.attrSynching = init.attrSynching ?? false;
  }

  /** A copy with some values changed; the original is left alone. */
  replica(overrides: ExecSettingsInit = {}): ExecSettings {
    return new ExecSettings({ ...this.toJSON(), ...overrides });
  }

  /** Marks these settings as used by a context (so a test can tell whether its settings were applied). */
  touch(): this {
    this.touchedFlag = true;
    return this;
  }

  get touched(): boolean {
    return this.touchedFlag;
  }

  toJSON(): Required<ExecSettingsInit> {
    return { timeoutMs: this.timeoutMs, pollIntervalMs: this.pollIntervalMs, logEnabled: this.logEnabled, attrSynching: this.attrSynching };
  }
}
