export interface SseEvent {
  id: number;
  data: Record<string, unknown>;
}

/** Any `data:` frame, with its `id:` when it has one (the telescope stream's initial values have none). */
export interface SseFrame {
  id?: number;
  data: Record<string, unknown>;
}

/** A raw SSE reader over fetch: keeps the exact bytes and parses `id:`/`data:` frames. */
export class SseReader {
  raw = '';
  events: SseEvent[] = [];
  frames: SseFrame[] = [];
  private readonly controller = new AbortController();
  private readonly waiters = new Set<() => void>();
  private done: Promise<void> | undefined;
  status = 0;
  contentType: string | null = null;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const reader = new SseReader();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: reader.controller.signal });
    reader.status = res.status;
    reader.contentType = res.headers.get('content-type');
    reader.done = reader.pump(res.body!);
    return reader;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of body) {
        const text = decoder.decode(chunk, { stream: true });
        this.raw += text;
        pending += text;
        let end: number;
        while ((end = pending.indexOf('\n\n')) !== -1) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          let id: number | undefined;
          let data: string | undefined;
          for (const line of block.split('\n')) {
            if (line.startsWith('id:')) id = Number(line.slice(3));
            else if (line.startsWith('data:')) data = line.slice(5);
          }
          if (data === undefined) continue;
          const frame = { id, data: JSON.parse(data) as Record<string, unknown> };
          this.frames.push(frame);
          if (id !== undefined) this.events.push({ id, data: frame.data });
        }
        for (const w of this.waiters) w();
      }
    } catch {
      // aborted
    }
    for (const w of this.waiters) w();
  }

  /** Resolves once `predicate` holds over what has arrived (deadline). */
  async waitFor(predicate: (r: SseReader) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SSE condition not met within ${timeoutMs} ms; raw: ${this.raw.slice(-500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        const w = () => {
          clearTimeout(timer);
          this.waiters.delete(w);
          resolve();
        };
        this.waiters.add(w);
      });
    }
  }

  topics(): string[] {
    return this.events.map((e) => String(e.data.topic));
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
