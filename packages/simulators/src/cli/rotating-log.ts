import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';

/**
 * A log file that rotates by size: once a write would take it past `maxBytes`, `name` becomes `name.1`
 * (`name.1` becomes `name.2`, ... up to `keep` old files) and a new file starts. Synchronous writes, like
 * pino's sync destination, so nothing is lost at exit.
 */
export class RotatingLogFile {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    readonly maxBytes: number,
    readonly keep = 3,
  ) {
    if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be positive, got ${maxBytes}`);
    this.fd = openSync(path, 'a', 0o600);
    this.size = statSync(path).size;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.path}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    if (this.keep > 0) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}
