import { useEffect, useState } from 'preact/hooks';
import { whenUnauthorized } from './api';
import { ExceptionsPage } from './pages/exceptions';
import { OverviewPage } from './pages/overview';
import { SearchPage } from './pages/search';
import { SettlementPage } from './pages/settlement';
import { SignIn } from './pages/sign-in';
import { StatementsPage } from './pages/statements';
import { SuspensePage } from './pages/suspense';
import { href, useRoute } from './route';
import { forgetKey, storedKey } from './session';

const PAGES = [
  { page: 'overview', title: 'Overview' },
  { page: 'settlement', title: 'Settlement' },
  { page: 'exceptions', title: 'Exceptions' },
  { page: 'search', title: 'Search' },
  { page: 'statements', title: 'Statements' },
  { page: 'suspense', title: 'Suspense' },
] as const;

export function App() {
  const [signedIn, setSignedIn] = useState(() => storedKey() !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const route = useRoute();
  useEffect(() => {
    whenUnauthorized(() => {
      setNotice('The API no longer accepts this key: sign in again.');
      setSignedIn(false);
    });
  }, []);
  const current = PAGES.find((entry) => entry.page === route.page) ?? PAGES[0];
  useEffect(() => {
    document.title = signedIn ? `${current.title} · kassa-ledger console` : 'Sign in · kassa-ledger console';
  }, [signedIn, current]);
  // After a page change the keyboard (and a screen reader) starts at the new content, not the menu.
  const pageKey = `${route.page}?${route.params}`;
  const [firstPage] = useState(pageKey);
  useEffect(() => {
    if (signedIn && pageKey !== firstPage) document.getElementById('main')?.focus({ preventScroll: false });
  }, [pageKey]);

  if (!signedIn) return <SignIn notice={notice} onSignedIn={() => (setNotice(null), setSignedIn(true))} />;
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="bar">
        <span class="brand">kassa-ledger <span class="muted">finance</span></span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((entry) => (
              <li key={entry.page}>
                <a href={href(entry.page)} aria-current={entry.page === current.page ? 'page' : undefined}>{entry.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="quiet" onClick={() => (forgetKey(), setSignedIn(false))}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1}>
        {current.page === 'overview' && <OverviewPage />}
        {current.page === 'settlement' && <SettlementPage />}
        {current.page === 'exceptions' && <ExceptionsPage />}
        {current.page === 'search' && <SearchPage params={route.params} />}
        {current.page === 'statements' && <StatementsPage />}
        {current.page === 'suspense' && <SuspensePage params={route.params} />}
      </main>
    </>
  );
}
