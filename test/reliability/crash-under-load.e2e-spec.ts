import { freePort } from '../../libs/platform/src/database/embedded-postgres';
import { depositIdFromCustomOrderId } from '../../libs/ledger/src/deposit/custom-transaction-id';
import { seededRandom } from '../../libs/ledger/src/testing/random';
import { eventually } from '../support/eventually';
import { ServiceChild } from '../support/service-child';
import { createTestDatabase } from '../support/test-database';
import { caughtUp, ledgerFacts, MixedLoad, outsideSandbox, verifyAgainstReplay, withDatabase } from './support/crash-rig';

jest.setTimeout(300_000); // an upper bound: the first start on a clean clone transpiles every source (see ServiceChild.healthy)

/** CRASH_SEED repeats a run: the load, the moment of the kill and the provider's answers follow from it. */
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Operations completed before the kill: enough that the load is in full swing, drawn from the seed. */
function killMoment(seed: number): number {
  return 10 + seededRandom(seed ^ 0x5eed).int(20);
}

/** Waits until every subscription of the service (GET /ready) has this role: a worker starts as follower until its first lock try. */
async function allSubscriptionsAre(role: 'leader' | 'follower', service: ServiceChild): Promise<true> {
  let seen = '';
  return eventually(async () => {
    const ready = await service.request('GET', '/ready');
    if (ready.status !== 200) return undefined;
    const roles = Object.values(ready.body.checks.projections.subscriptions as Record<string, { role: string }>).map((s) => s.role);
    seen = roles.join(', ');
    return roles.length > 0 && roles.every((r) => r === role) ? true : undefined;
  }, 30_000, `every subscription on port ${service.port} to be ${role}`).catch((error: Error) => {
    throw new Error(`${error.message} (roles seen: ${seen})`);
  });
}

/**
 * After the crash and the restart, what the ledger holds must be what was acknowledged: each
 * acknowledged postback applied once, the journal balanced, read models equal to a replay, no
 * Idempotency-Key left in progress, nothing waiting for a step that will never come.
 */
async function expectLedgerIntact(url: string, load: MixedLoad, sandbox: Awaited<ReturnType<typeof outsideSandbox>>['sandbox']): Promise<void> {
  const postbacks = sandbox.control.postbacks();
  expect(postbacks.filter((p) => p.state !== 'acknowledged').map((p) => `${p.kind} ${p.key} ${p.state}`)).toEqual([]);
  // The run's shape, for reading a failure: with no withdrawal acknowledged, the subscriptions filtered
  // to withdrawal streams have no event of their own and must still reach the head.
  console.log(`crash test load: ${load.acknowledged(/\/activation$/, 200).length} activations, ${load.acknowledged(/^\/v1\/withdrawals$/, 201).length} withdrawals acknowledged`);
  await eventually(() => withDatabase(url, caughtUp), 30_000, 'every subscription at the head');
  const facts = await withDatabase(url, (client) => ledgerFacts(client));

  for (const postback of postbacks.filter((p) => p.duplicateOf === null)) {
    // A deposit's postbacks name its activation attempt (custom_transaction_id "<deposit id>-<attempt>").
    const depositId = depositIdFromCustomOrderId(postback.key);
    if (postback.kind === 'deposit') expect([postback.key, facts.creditsPerDeposit.get(depositId ?? postback.key)]).toEqual([postback.key, 1]);
    else expect([postback.key, facts.outcomesPerWithdrawal.get(postback.key)]).toEqual([postback.key, 1]);
  }
  expect([...facts.creditsPerDeposit.values()].filter((n) => n > 1)).toEqual([]);
  expect([...facts.outcomesPerWithdrawal.values()].filter((n) => n > 1)).toEqual([]);
  expect(facts.journalTotals.filter((t) => t.total !== '0')).toEqual([]);
  expect(facts.keysInProgress).toBe(0);
  expect(facts.submissionsNotDone).toEqual([]);

  // Activated deposits end credited; acknowledged withdrawals end paid or failed.
  for (const activation of load.acknowledged(/\/activation$/, 200)) {
    expect([activation.id, facts.depositStatuses.get(activation.id), activation.activation]).toEqual([activation.id, 'credited', activation.activation]);
  }
  const atProvider = new Map((sandbox.control.withdrawals() as { withdrawalId: string; status: string }[]).map((w) => [w.withdrawalId, w.status]));
  for (const withdrawal of load.acknowledged(/^\/v1\/withdrawals$/, 201)) {
    const status = facts.withdrawalStatuses.get(withdrawal.id);
    if (status !== 'succeeded' && status !== 'failed') {
      const events = await withDatabase(url, (client) => client.query('SELECT type, recorded_at FROM events WHERE stream_id LIKE $1 ORDER BY global_position', [`%${withdrawal.id}%`]));
      throw new Error(`withdrawal ${withdrawal.id} ended ${status} (provider: ${atProvider.get(withdrawal.id)}); its events: ${events.rows.map((e) => e.type).join(', ')}`);
    }
  }
  expect(await verifyAgainstReplay(url)).toEqual({ ok: true, driftedTables: [] });
}

/** Every withdrawal the service acknowledged has reached the provider (the submission queue went on). */
async function allWithdrawalsSubmitted(load: MixedLoad, sandbox: Awaited<ReturnType<typeof outsideSandbox>>['sandbox']): Promise<void> {
  await eventually(() => {
    const atProvider = new Set((sandbox.control.withdrawals() as { withdrawalId: string }[]).map((w) => w.withdrawalId));
    return load.acknowledged(/^\/v1\/withdrawals$/, 201).every((w) => atProvider.has(w.id)) ? true : undefined;
  }, 30_000, 'every acknowledged withdrawal submitted to the provider');
}

describe('Reliability › kill -9 under load', () => {
  beforeAll(() => {
    console.log(`crash test seed ${SEED} (CRASH_SEED=${SEED} npx jest test/reliability repeats it)`);
  });

  it('one service: restarted, it keeps every acknowledged effect once and leaves nothing half done', async () => {
    const db = await createTestDatabase('crash_one');
    const port = await freePort();
    const rig = await outsideSandbox(() => [port]);
    const env = { DATABASE_URL: db.url, PORT: String(port), ...rig.env };
    let service = await ServiceChild.launch(env);
    try {
      await service.healthy();
      const load = new MixedLoad(SEED, rig.sandbox, () => [service]);
      const running = load.run(3);
      const moment = killMoment(SEED);
      await eventually(() => (load.completedOperations >= moment ? true : undefined), 60_000, `${moment} operations`);
      await service.kill();
      load.stop();
      await running;

      service = await ServiceChild.launch(env);
      await service.healthy();
      await load.retryUnanswered(service);
      await allWithdrawalsSubmitted(load, rig.sandbox);
      load.finishAllWithdrawals();
      await rig.sandbox.control.postbacksSettled();
      expect(load.acknowledged(/\/activation$/, 200).length).toBeGreaterThan(0);
      await expectLedgerIntact(db.url, load, rig.sandbox);
    } finally {
      await service.stop();
      await rig.close();
      await db.drop();
    }
  });

  it('two services on one database: the follower takes over from the killed leader, nothing applied twice', async () => {
    const db = await createTestDatabase('crash_two');
    const ports = [await freePort(), await freePort()];
    let alive = [...ports];
    const rig = await outsideSandbox(() => alive);
    const leader = await ServiceChild.launch({ DATABASE_URL: db.url, PORT: String(ports[0]), ...rig.env });
    let follower: ServiceChild | null = null;
    try {
      await leader.healthy();
      await allSubscriptionsAre('leader', leader); // first up, it takes every lock
      follower = await ServiceChild.launch({ DATABASE_URL: db.url, PORT: String(ports[1]), ...rig.env });
      await follower.healthy();
      await allSubscriptionsAre('follower', follower);

      const services = [leader, follower];
      const load = new MixedLoad(SEED, rig.sandbox, () => services.filter((s) => s.running));
      const running = load.run(4);
      const moment = killMoment(SEED);
      await eventually(() => (load.completedOperations >= moment ? true : undefined), 60_000, `${moment} operations`);
      await leader.kill();
      alive = [ports[1]];
      await allSubscriptionsAre('leader', follower); // it took over every projection and process manager
      await eventually(() => (load.completedOperations >= moment + 5 ? true : undefined), 60_000, 'more operations on the survivor');
      load.stop();
      await running;

      await load.retryUnanswered(follower);
      await allWithdrawalsSubmitted(load, rig.sandbox);
      load.finishAllWithdrawals();
      await rig.sandbox.control.postbacksSettled();
      await expectLedgerIntact(db.url, load, rig.sandbox);
    } finally {
      await leader.stop();
      await follower?.stop();
      await rig.close();
      await db.drop();
    }
  });
});
