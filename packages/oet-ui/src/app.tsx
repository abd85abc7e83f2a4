import { useEffect, useRef, useState } from 'preact/hooks';
import type { TokenStore } from './api/token.js';
import { ConnectionStatus } from './components/connection-status.js';
import { ErrorNotice } from './components/error-notice.js';
import { TokenField } from './components/token-field.js';
import type { OetStore } from './state/oet-store.js';
import type { TelescopeStore } from './state/telescope-store.js';
import { useObservable } from './state/use-observable.js';
import { ActivitiesView } from './views/activities-view.js';
import { CreateView } from './views/create-view.js';
import { EventsView } from './views/events-view.js';
import { ProceduresView } from './views/procedures-view.js';
import { TelescopeView } from './views/telescope-view.js';

const VIEWS = [
  ['procedures', 'Procedures'],
  ['create', 'Create'],
  ['activities', 'Activities'],
  ['telescope', 'Telescope'],
  ['events', 'Events'],
] as const;
type View = (typeof VIEWS)[number][0];

interface Route {
  view: View;
  pid: number | undefined;
}

/** `#/procedures/3` → view and selected procedure. */
export function parseRoute(hash: string): Route {
  const [, name, id] = /^#\/?([a-z]+)?(?:\/(\d+))?/.exec(hash) ?? [];
  const view = VIEWS.some(([v]) => v === name) ? (name as View) : 'procedures';
  return { view, pid: id === undefined ? undefined : Number(id) };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export function App({ oet, telescope, tokens, apiBase }: { oet: OetStore; telescope: TelescopeStore | undefined; tokens: TokenStore; apiBase: string }) {
  useObservable(oet);
  const route = useRoute();
  const go = (view: View, pid?: number) => {
    location.hash = pid === undefined ? `#/${view}` : `#/${view}/${pid}`;
  };
  const streamError = oet.status.kind === 'failed' ? oet.status.error : undefined;
  const firstView = useRef(true);
  useEffect(() => {
    document.title = `OET console: ${VIEWS.find(([v]) => v === route.view)?.[1] ?? ''}`;
    // after a view change, keyboard and screen-reader users continue in the new content
    if (!firstView.current) document.getElementById('main')?.focus({ preventScroll: true });
    firstView.current = false;
  }, [route.view]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <h1>OET console</h1>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map(([view, label]) => (
              <li key={view}>
                <a href={`#/${view}`} aria-current={route.view === view ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <ConnectionStatus status={oet.status} />
        <TokenField tokens={tokens} />
      </header>
      <main id="main" tabIndex={-1} data-view={route.view}>
        <ErrorNotice error={streamError ?? oet.error} />
        <ErrorNotice error={oet.actionError} onDismiss={() => oet.clearActionError()} />
        {route.view === 'procedures' && <ProceduresView store={oet} selected={route.pid} onSelect={(id) => go('procedures', id)} />}
        {route.view === 'create' && <CreateView store={oet} onCreated={(id) => go('procedures', id)} />}
        {route.view === 'activities' && <ActivitiesView store={oet} onSelectProcedure={(id) => go('procedures', id)} />}
        {route.view === 'telescope' && <TelescopeView store={telescope} />}
        {route.view === 'events' && <EventsView store={oet} />}
      </main>
      <footer>
        API: <code>{apiBase}</code>
      </footer>
    </>
  );
}
