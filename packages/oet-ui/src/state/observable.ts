type Listener = () => void;

/** A minimal change notifier: views subscribe and re-render; `changed()` batches into one animation frame. */
export class Observable {
  readonly #listeners = new Set<Listener>();
  #scheduled = false;
  version = 0;

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  protected changed(): void {
    this.version++;
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      for (const l of [...this.#listeners]) l();
    });
  }
}
