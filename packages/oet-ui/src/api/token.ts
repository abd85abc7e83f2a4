const KEY = 'oet-console-token';

type Listener = (token: string) => void;

/** The access token, kept for this browser session only (sessionStorage), never in the URL. */
export class TokenStore {
  #token: string;
  readonly #listeners = new Set<Listener>();

  constructor(private readonly storage: Storage | undefined = globalThis.sessionStorage) {
    this.#token = storage?.getItem(KEY) ?? '';
  }

  get(): string {
    return this.#token;
  }

  set(token: string): void {
    this.#token = token.trim();
    if (this.#token === '') this.storage?.removeItem(KEY);
    else this.storage?.setItem(KEY, this.#token);
    for (const l of this.#listeners) l(this.#token);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
