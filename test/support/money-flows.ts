import type { RequestOptions, TestService } from './e2e-app';
import { eventually } from './eventually';

let numbers = 0;

/**
 * A paytm `key1` (11 digits), unique within the run (the process id keeps parallel jest workers
 * apart), whose last digit picks the sandbox's answer: 3 ok, 1 pending.
 */
export function transactionNumber(answer: 'ok' | 'pending'): string {
  return `7${String(process.pid % 1000).padStart(3, '0')}${String(++numbers).padStart(6, '0')}${answer === 'ok' ? 3 : 1}`;
}

/** A paytm deposit opened, activated at the sandbox and credited by its signed postback; projections settled. `as`: another key (another merchant's). */
export async function creditedDeposit(service: TestService, label: string, amount: string, as: RequestOptions = {}): Promise<{ id: string; transactionId: string }> {
  const opened = await service.post('/v1/deposits', { walletType: 'paytm', label, amount }, as);
  if (opened.status !== 201) throw new Error(`deposit not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
  const transactionId = transactionNumber('ok');
  const activated = await service.post(`/v1/deposits/${opened.body.id}/activation`, { transactionId, amount }, as);
  if (activated.status !== 200) throw new Error(`activation refused: ${activated.status} ${JSON.stringify(activated.body)}`);
  await eventually(async () => ((await service.get(`/v1/deposits/${opened.body.id}`, as)).body.status === 'credited' ? true : undefined), 15_000, 'credited');
  await service.settled();
  return { id: opened.body.id, transactionId };
}

/**
 * A deposit activated for `asked` that the provider approves for `paid` instead: credited with the
 * postback's amount and raised as an `amount_mismatch` exception.
 */
export async function shortPaidDeposit(service: TestService, label: string, asked: string, paid: string): Promise<{ id: string; transactionId: string }> {
  const opened = await service.post('/v1/deposits', { walletType: 'paytm', label, amount: asked });
  if (opened.status !== 201) throw new Error(`deposit not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
  const transactionId = transactionNumber('pending');
  const activated = await service.post(`/v1/deposits/${opened.body.id}/activation`, { transactionId, amount: asked });
  if (activated.status !== 200) throw new Error(`activation refused: ${activated.status} ${JSON.stringify(activated.body)}`);
  const approved = await service.sandboxControl('POST', `/deposits/${opened.body.id}/approve`, { amount: paid });
  if (approved.status >= 300) throw new Error(`sandbox approval refused: ${approved.status} ${JSON.stringify(approved.body)}`);
  await eventually(async () => ((await service.get(`/v1/deposits/${opened.body.id}`)).body.status === 'credited' ? true : undefined), 15_000, 'credited');
  await service.settled();
  return { id: opened.body.id, transactionId };
}
