import { useState } from 'preact/hooks';
import type { TokenStore } from '../api/token.js';

/** The access token for servers with auth on; kept for this browser session only. */
export function TokenField({ tokens }: { tokens: TokenStore }) {
  const [value, setValue] = useState(tokens.get());
  const saved = tokens.get();
  return (
    <form
      class="token"
      onSubmit={(e) => {
        e.preventDefault();
        tokens.set(value);
      }}
    >
      <label for="token">Access token</label>
      <input id="token" type="password" autocomplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} placeholder="Bearer token (if the server needs one)" />
      <button type="submit">Use token</button>
      {saved && (
        <button
          type="button"
          onClick={() => {
            setValue('');
            tokens.set('');
          }}
        >
          Forget
        </button>
      )}
    </form>
  );
}
