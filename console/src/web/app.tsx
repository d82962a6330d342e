import { useMemo, useState } from 'preact/hooks';

import { createApiClient } from './api/client';
import { useBasket } from './basket';
import { DeskPage } from './pages/desk-page';
import { DestinationsPage } from './pages/destinations-page';
import { OperationsPage } from './pages/operations-page';
import { RoutePage } from './pages/route-page';
import { SearchPage } from './pages/search-page';
import { hrefOf, pages, useRoute } from './routing';
import { forgetApiKey, readApiKey, saveApiKey } from './session';
import { SignIn } from './sign-in';

export function App() {
  const [apiKey, setApiKey] = useState(readApiKey);
  const route = useRoute();
  const basket = useBasket();
  const api = useMemo(() => createApiClient(apiKey ?? ''), [apiKey]);
  if (!apiKey) {
    return (
      <SignIn
        onSignIn={(key) => {
          saveApiKey(key);
          setApiKey(key);
        }}
      />
    );
  }
  const paramsKey = route.params.toString();
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Fareflow</span>
        <nav aria-label="pages">
          <ul>
            {pages.map((page) => (
              <li>
                <a href={hrefOf(page.id)} aria-current={route.page === page.id ? 'page' : undefined}>
                  {page.title}
                  {page.id === 'desk' && basket.offers.length > 0 ? ` (${basket.offers.length})` : ''}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          class="sign-out"
          onClick={() => {
            forgetApiKey();
            setApiKey(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'search' ? (
          <SearchPage key={paramsKey} api={api} params={route.params} basket={basket} />
        ) : null}
        {route.page === 'route' ? <RoutePage api={api} params={route.params} /> : null}
        {route.page === 'destinations' ? <DestinationsPage key={paramsKey} api={api} params={route.params} /> : null}
        {route.page === 'desk' ? <DeskPage api={api} basket={basket} /> : null}
        {route.page === 'operations' ? <OperationsPage /> : null}
      </main>
    </>
  );
}
