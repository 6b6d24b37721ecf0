import { useEffect, useState } from 'preact/hooks';
import { getMerchants, whenUnauthorized, type KeyMerchants } from './api';
import { ALL, MerchantPicker, OneMerchant } from './merchant-picker';
import { ExceptionsPage } from './pages/exceptions';
import { OverviewPage } from './pages/overview';
import { ParkedPage } from './pages/parked';
import { SearchPage } from './pages/search';
import { SettlementPage } from './pages/settlement';
import { SignIn } from './pages/sign-in';
import { StatementsPage } from './pages/statements';
import { SuspensePage } from './pages/suspense';
import { href, useRoute } from './route';
import { forgetKey, rememberMerchant, storedKey, storedMerchant } from './session';
import { Status } from './status';
import { useLoad } from './use-load';

const PAGES = [
  { page: 'overview', title: 'Overview' },
  { page: 'settlement', title: 'Settlement' },
  { page: 'exceptions', title: 'Exceptions' },
  { page: 'parked', title: 'Parked withdrawals' },
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

  // Which merchants the key reaches decides whether there is a merchant to choose (and so `?merchant=`).
  const merchants = useLoad(async () => (signedIn ? getMerchants() : null), [signedIn]);
  const [merchant, setMerchant] = useState<string | null>(() => storedMerchant());
  const known = merchants.state === 'done' ? merchants.value : null;
  const spans = known !== null && known.key.merchant === ALL;
  const choose = (next: string | null) => (rememberMerchant(next), setMerchant(next));
  useEffect(() => {
    if (known === null) return;
    if (!spans) choose(null);
    else if (merchant === null || (merchant !== ALL && !known.data.some((m) => m.id === merchant))) choose(ALL);
  }, [known]);
  // A link into one merchant's object (from a page listing all merchants) carries that merchant.
  const linked = route.params.get('m');
  useEffect(() => {
    if (spans && linked !== null && linked !== merchant && known.data.some((m) => m.id === linked)) choose(linked);
  }, [linked, spans]);
  const ready = known !== null && (!spans || merchant !== null) && (spans || merchant === null);

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
        {spans && merchant !== null && <MerchantPicker merchants={known} chosen={merchant} onChoose={choose} />}
        <button type="button" class="quiet" onClick={() => (forgetKey(), setMerchant(null), setSignedIn(false))}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1}>
        {!ready ? <Status loaded={merchants.state === 'done' ? { state: 'loading' } : merchants}>{() => null}</Status> : (
          // Keyed by the merchant: a new choice loads every number of the page again.
          <div key={merchant ?? ''}>
            {current.page === 'overview' && <OverviewPage />}
            {current.page === 'settlement' && <OneMerchant merchant={merchant}><SettlementPage /></OneMerchant>}
            {current.page === 'exceptions' && <ExceptionsPage />}
            {current.page === 'parked' && <ParkedPage />}
            {current.page === 'search' && <OneMerchant merchant={merchant}><SearchPage params={route.params} /></OneMerchant>}
            {current.page === 'statements' && <OneMerchant merchant={merchant}><StatementsPage /></OneMerchant>}
            {current.page === 'suspense' && <OneMerchant merchant={merchant}><SuspensePage params={route.params} /></OneMerchant>}
          </div>
        )}
      </main>
    </>
  );
}
