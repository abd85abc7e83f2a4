import { useEffect, useState } from 'preact/hooks';
import type { Observable } from './observable.js';

/** Re-renders the calling component whenever `source` changes. */
export function useObservable(source: Observable | undefined): void {
  const [, setVersion] = useState(0);
  useEffect(() => source?.subscribe(() => setVersion(source.version)), [source]);
}
