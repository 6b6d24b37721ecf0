import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { chromiumAvailable, CHROMIUM, launchBrowser, outputFolder, type Browser } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { type RequestOptions, TEST_KEYS, TestService } from './support/e2e-app';
import { eventually } from './support/eventually';
import { twoMerchantsFile } from './support/merchants-file';
import { creditedDeposit, shortPaidDeposit } from './support/money-flows';

const available = chromiumAvailable();
if (!available) process.stderr.write(`console browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);
const describeInBrowser = available ? describe : describe.skip;

/**
 * The finance console in a real browser against the whole service: every number it shows comes from
 * the public API, signed in with a finance key. Each test leaves a screenshot in test-output/console.
 */
describe('Finance console', () => {
  let service: TestService;

  beforeAll(async () => {
    ensureConsoleBuilt();
    service = await TestService.start();
  });
  afterAll(async () => {
    await service?.close();
  });

  it('serves the built page without a key, its assets cacheable, and a problem for anything else', async () => {
    const page = await fetch(`${service.baseUrl}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(html).not.toMatch(/https?:\/\//);
    const asset = await fetch(`${service.baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/console/assets/missing.js', '/console/assets/..%2Findex.html', '/console/assets/.hidden']) {
      const missing = await fetch(`${service.baseUrl}${path}`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  describeInBrowser('in Chromium', () => inBrowser(() => service));
});

function inBrowser(serviceOf: () => TestService): void {
  let service: TestService;
  let browser: Browser;
  let page: Page;
  let deposit: { id: string; transactionId: string };
  let other: { id: string; transactionId: string };
  let shortPaid: { id: string; transactionId: string };
  const output = outputFolder('console');
  const shot = (name: string) => page.screenshot({ path: join(output, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    service = serviceOf();
    deposit = await creditedDeposit(service, 'console-player', '1500');
    other = await creditedDeposit(service, 'console-other', '320.50');
    shortPaid = await shortPaidDeposit(service, 'console-short', '500', '450');
    browser = await launchBrowser({ width: 1280, height: 800 });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a wrong key, then signs in with the finance key by keyboard alone', async () => {
    await page.goto(`${service.baseUrl}/console`);
    await page.getByLabel('Finance API key').fill('sk_not_a_key_of_this_ledger');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'This key is not valid.' }).waitFor();

    await page.getByLabel('Finance API key').fill(TEST_KEYS.platform);
    await page.getByLabel('Finance API key').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'This key has no finance scope.' }).waitFor();

    await page.reload();
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_KEYS.finance);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(1);
    // A merchant's own key has nothing to choose.
    await expect(page.getByLabel('Merchant', { exact: true }).count()).resolves.toBe(0);
    const inr = page.locator('tr[data-currency="INR"]');
    await expect(inr.locator('td').nth(3).textContent()).resolves.toBe('2270.50');
    await shot('overview');
  });

  it("finds the credited deposit, shows its player's balance and opens its timeline", async () => {
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Deposit or withdrawal id, player label, or provider transaction number').fill(deposit.transactionId);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: `Deposit ${deposit.id}` }).waitFor();
    await expect(page.locator('dl.facts').getByText('credited', { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('table', { name: 'Balances of console-player' }).locator('tr[data-currency="INR"] td').last().textContent()).resolves.toBe('1500.00');

    await page.getByRole('button', { name: 'Show the timeline' }).click();
    const timeline = page.getByRole('list', { name: 'Events, oldest first' });
    await timeline.getByRole('heading', { name: 'DepositCredited' }).waitFor();
    await expect(timeline.getByRole('heading', { name: 'WalletDetailsIssued' }).count()).resolves.toBe(1);
    await expect(timeline.getByText('paykassma', { exact: true }).count()).resolves.toBeGreaterThan(0);
    await shot('search-timeline');
    // The README's picture: CONSOLE_DOCS_SCREENSHOT=1 npx jest test/console.e2e-spec.ts
    if (process.env.CONSOLE_DOCS_SCREENSHOT === '1') await page.screenshot({ path: join(__dirname, '..', 'docs', 'console.png'), fullPage: true });
  });

  it('shows the balance as of a moment before the credit', async () => {
    await page.getByLabel(/^As of/).fill('2020-01-01T00:00:00');
    await page.getByRole('button', { name: 'Show balance' }).click();
    await page.getByText('No money at that moment.').waitFor();
  });

  it('shows the settlement report with its daily chart and downloads the CSV from the API', async () => {
    await page.getByRole('link', { name: 'Settlement' }).click();
    const paytm = page.getByRole('row', { name: /paytm INR/ });
    await expect(paytm.getByRole('cell').nth(2).textContent()).resolves.toBe('2270.50');
    await page.getByRole('img', { name: /Daily deposits/ }).locator('canvas').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^period_from_utc,period_to_utc,time_zone,wallet_type,currency/);
    expect(csv).toContain(',paytm,INR,3,2270.50,');
    await shot('settlement');
  });

  it('uploads a statement and shows the planted amount mismatch', async () => {
    const at = DateTime.now().setZone('Asia/Manila').toFormat('yyyy-MM-dd HH:mm:ss');
    const statement = join(output, 'statement.csv');
    writeFileSync(
      statement,
      [
        'direction,wallet_type,transaction_id,withdrawal_id,amount,currency,status,datetime',
        `ingoing,paytm,${deposit.transactionId},,1499.00,INR,success,${at}`,
        `ingoing,paytm,${other.transactionId},,320.50,INR,success,${at}`,
      ].join('\n'),
    );
    await page.getByRole('link', { name: 'Statements' }).click();
    await page.getByLabel('Provider statement (CSV)').setInputFiles(statement);
    await page.getByRole('button', { name: 'Reconcile' }).click();
    const mismatches = page.getByRole('table', { name: 'Amount mismatches' });
    const row = mismatches.getByRole('row', { name: new RegExp(deposit.transactionId) });
    await expect(row.getByRole('cell').nth(3).textContent()).resolves.toBe('1499.00 INR');
    await expect(row.getByRole('cell').nth(4).textContent()).resolves.toBe('1500.00 INR');
    await expect(page.locator('ul.totals li').first().textContent()).resolves.toBe('1 matched');
    await shot('statement');
  });

  it('lists exceptions by category, each linking to its object', async () => {
    await page.getByRole('link', { name: 'Exceptions' }).click();
    const category = page.getByRole('region', { name: /amount mismatch/ });
    await category.getByRole('row', { name: /450\.00 INR/ }).waitFor();
    await shot('exceptions');
    await category.getByRole('link', { name: shortPaid.id }).click();
    await page.getByRole('heading', { name: `Deposit ${shortPaid.id}` }).waitFor();
    await expect(page.locator('dl.facts').getByText('450.00 INR').textContent()).resolves.toBe('450.00 INR');
  });

  it("assigns an unmatched postback's suspense item to a player, with confirmation, and the player's balance shows it", async () => {
    // A signed postback for an order we never opened: the default merchant takes it into suspense.
    const unknownOrder = `plugin-console-${Date.now()}`;
    expect((await service.sandboxControl('POST', `/deposits/${unknownOrder}/postback`, { walletType: 'paytm', amount: '75', label: 'console-walk-in' })).status).toBeLessThan(300);
    await eventually(async () => ((await service.get('/v1/suspense?status=open', { key: 'finance' })).body.data.length > 0 ? true : undefined), 15_000, 'the suspense item listed');
    await service.settled();

    await page.getByRole('link', { name: 'Exceptions' }).click();
    const unmatched = page.getByRole('region', { name: /unmatched deposit/ });
    await unmatched.getByRole('link', { name: /^Assign suspense item/ }).click();
    await page.getByRole('heading', { name: 'Suspense', exact: true }).waitFor();
    const open = page.getByRole('table', { name: 'Open suspense items' });
    await open.getByRole('row', { name: /75\.00 INR/ }).getByRole('cell', { name: 'console-walk-in' }).waitFor();
    const form = page.getByRole('region', { name: 'Assign a suspense item' });
    await form.getByLabel('Player label').fill('console-suspense');
    await form.getByRole('button', { name: 'Review' }).click();
    await form.getByText('Give 75.00 INR to player console-suspense?').waitFor();
    await shot('suspense-confirm');
    await form.getByRole('button', { name: 'Confirm assignment' }).click();
    await form.getByRole('status').filter({ hasText: 'Assigned 75.00 INR to console-suspense.' }).waitFor();
    await expect(open.getByRole('row', { name: /75\.00 INR/ }).count()).resolves.toBe(0);
    await shot('suspense-assigned');
    await service.settled(); // the search finds players in the balances read model

    await form.getByRole('link', { name: 'See console-suspense’s balance' }).click();
    const balances = page.getByRole('table', { name: 'Balances of console-suspense' });
    await expect(balances.locator('tr[data-currency="INR"] td').last().textContent()).resolves.toBe('75.00');

    await page.getByRole('link', { name: 'Suspense' }).click();
    await page.getByLabel('Show').selectOption('assigned');
    await page.getByRole('table', { name: 'Assigned suspense items' }).getByRole('row', { name: /console-suspense by fin/ }).waitFor();
  });

  it('is readable on a 390 px wide phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.locator('tr[data-currency="INR"]').waitFor();
    // The test code has no DOM types: the page runs these expressions.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('overview-phone');
  });
}

/** A finance key across merchants (a star key): the merchant selector, balances by merchant, parked withdrawals. */
describeInBrowser('Finance console with a key across merchants (Chromium)', () => {
  const ALL_FINANCE = 'sk_test_console_all_merchants_finance';
  const asB: RequestOptions = { key: null, headers: { authorization: 'Bearer sk_test_console_brand_b_payments' } };
  const bAdmin: RequestOptions = { key: null, headers: { authorization: 'Bearer sk_test_console_brand_b_admin' } };
  let service: TestService;
  let browser: Browser;
  let page: Page;
  let parked: string;
  const output = outputFolder('console');
  const shot = (name: string) => page.screenshot({ path: join(output, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    ensureConsoleBuilt();
    service = await TestService.start({
      LEDGER_MERCHANTS_FILE: twoMerchantsFile(),
      LEDGER_API_KEYS: [
        `platform:payments:${TEST_KEYS.platform}`,
        'brand-b/pb:payments:sk_test_console_brand_b_payments',
        'brand-b/ob:admin:sk_test_console_brand_b_admin',
        `*/audit:finance:${ALL_FINANCE}`,
      ].join(','),
      PAYKASSMA_MAX_ATTEMPTS: '2',
      PAYKASSMA_RETRY_BASE_MS: '20',
    });
    await creditedDeposit(service, 'console-a', '1500');
    await creditedDeposit(service, 'console-b', '200', asB);
    // Brand-b's provider answers 500 twice: the withdrawal's attempts run out and it is parked, 50 INR held.
    const fault = await service.request('POST', '/sandbox/merchants/brand-b/sandbox-control/faults', { path: '/v2/withdrawal/create', kind: 'http500-fail', count: 2 }, bAdmin);
    expect(fault.status).toBeLessThan(300);
    const created = await service.post('/v1/withdrawals', { walletType: 'paytm', label: 'console-b', amount: '50', accountNumber: '1234567890' }, asB);
    expect(created.status).toBe(201);
    parked = created.body.id;
    await eventually(async () => ((await service.get(`/v1/withdrawals/${parked}`, asB)).body.parkedAt ? true : undefined), 15_000, 'parked');
    await service.settled();
    browser = await launchBrowser({ width: 1280, height: 800 });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  const total = (merchant: string) => page.locator(`[data-merchant="${merchant}"] tr[data-currency="INR"] td`).nth(3).textContent();

  it('signs in and shows balances by merchant and currency, with each merchant\'s parked count', async () => {
    await page.goto(`${service.baseUrl}/console`);
    await page.getByLabel('Finance API key').fill(ALL_FINANCE);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Player balances by merchant and currency' }).waitFor();
    await expect(page.getByLabel('Merchant', { exact: true }).inputValue()).resolves.toBe('*');
    await expect(total('default')).resolves.toBe('1500.00');
    await expect(total('brand-b')).resolves.toBe('200.00');
    await expect(page.locator('[data-merchant="brand-b"] tr[data-currency="INR"] td').nth(2).textContent()).resolves.toBe('50.00');
    await expect(page.locator('[data-parked-count]').allTextContents()).resolves.toEqual(['0', '1']);
    await shot('merchants-overview');
  });

  it('sends the chosen merchant with every request: one merchant\'s overview and its settlement report', async () => {
    const asked = page.waitForRequest((request) => request.url().includes('/v1/reports/balances?merchant=brand-b'));
    await page.getByLabel('Merchant', { exact: true }).selectOption('brand-b');
    await asked;
    await expect(page.locator('tr[data-currency="INR"] td').nth(3).textContent()).resolves.toBe('200.00');
    await expect(page.locator('[data-merchant]').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Settlement' }).click();
    await expect(page.getByRole('row', { name: /paytm INR/ }).getByRole('cell').nth(2).textContent()).resolves.toBe('200.00');
    await page.getByLabel('Merchant', { exact: true }).selectOption('*');
    await page.getByText('This page works on one merchant at a time').waitFor();
    await shot('merchants-settlement-all');
  });

  it('lists parked withdrawals per merchant, each linking to its withdrawal at its merchant', async () => {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Parked withdrawals' }).click();
    const atB = page.getByRole('region', { name: 'Parked withdrawals of brand-b' });
    const row = atB.locator(`tr[data-withdrawal="${parked}"]`);
    await expect(row.getByRole('cell').nth(4).textContent()).resolves.toBe('50.00 INR');
    await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('console-b');
    await expect(row.getByRole('cell').nth(5).textContent()).resolves.toBe('2');
    await page.getByRole('region', { name: 'Parked withdrawals of default' }).getByText('No parked withdrawal.').waitFor();
    await shot('merchants-parked');
    await row.getByRole('link', { name: parked }).click();
    await page.getByRole('heading', { name: `Withdrawal ${parked}` }).waitFor();
    await expect(page.getByLabel('Merchant', { exact: true }).inputValue()).resolves.toBe('brand-b');
  });

  it('keeps the merchant selector and the groups readable on a 390 px wide phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Merchant', { exact: true }).selectOption('*');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
    await page.locator('[data-merchant="brand-b"] tr[data-currency="INR"]').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('merchants-overview-phone');
  });
});
