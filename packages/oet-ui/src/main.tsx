import { render } from 'preact';
import { OetApi } from './api/oet-api.js';
import { TokenStore } from './api/token.js';
import type { ConsoleConfig } from './api/types.js';
import { App } from './app.js';
import { OetStore } from './state/oet-store.js';
import { TelescopeStore } from './state/telescope-store.js';
import './styles.css';

const DEFAULT_BASE = '/ska-oso-oet/oet/api/v7';

/** The server tells the console its API base (`config.json` next to the page); `?api=` overrides it. */
async function loadConfig(): Promise<ConsoleConfig> {
  let config: ConsoleConfig = { apiBase: DEFAULT_BASE, telescope: false };
  try {
    const response = await fetch('./config.json', { cache: 'no-store' });
    if (response.ok) config = { ...config, ...((await response.json()) as Partial<ConsoleConfig>) };
  } catch {
    // served by something else: the defaults and ?api= apply
  }
  const override = new URLSearchParams(location.search).get('api');
  if (override) config = { ...config, apiBase: override };
  return { ...config, apiBase: config.apiBase.replace(/\/+$/, '') };
}

const config = await loadConfig();
const tokens = new TokenStore();
const api = new OetApi(config.apiBase, () => tokens.get());
const oet = new OetStore(api);
const telescope = config.telescope ? new TelescopeStore(api) : undefined;
tokens.subscribe(() => {
  oet.restart();
  telescope?.restart();
});
oet.start();
telescope?.start();
render(<App oet={oet} telescope={telescope} tokens={tokens} apiBase={config.apiBase} />, document.getElementById('app')!);
