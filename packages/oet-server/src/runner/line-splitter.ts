/**
 * Splits a byte stream into lines of at most `maxLineBytes` (longer ones are cut into pieces, each
 * flagged), holding at most one partial line: memory stays bounded whatever a child writes.
 * Works on bytes and decodes whole lines only, so a multi-byte character split across chunks survives.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string, cut: boolean) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      let from = start;
      // fill the pending line up to the limit; a full one goes out cut
      while (end - from >= this.maxLineBytes - this.partBytes) {
        const take = this.maxLineBytes - this.partBytes;
        this.parts.push(chunk.subarray(from, from + take));
        this.partBytes += take;
        from += take;
        this.emit(true);
      }
      if (newline === -1) {
        if (from < chunk.length) {
          // copy: the caller's buffer may be reused
          this.parts.push(Buffer.from(chunk.subarray(from)));
          this.partBytes += chunk.length - from;
        }
        return;
      }
      this.parts.push(chunk.subarray(from, newline));
      this.partBytes += newline - from;
      this.emit(false);
      start = newline + 1;
    }
  }

  /** Emits what is left (end of stream). */
  end(): void {
    if (this.partBytes > 0) this.emit(false);
  }

  private emit(cut: boolean): void {
    let line = Buffer.concat(this.parts, this.partBytes).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.onLine(line, cut);
  }
}
