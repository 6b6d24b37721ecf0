import { eventually, type TestService } from './e2e-app';

let numbers = 0;

/**
 * A paytm `key1` (11 digits) the sandbox answers `ok` for (last digit 3), unique within the run:
 * the process id keeps parallel jest workers apart.
 */
export function okTransactionNumber(): string {
  return `7${String(process.pid % 1000).padStart(3, '0')}${String(++numbers).padStart(6, '0')}3`;
}

/** A paytm deposit opened, activated at the sandbox and credited by its signed postback; projections settled. */
export async function creditedDeposit(service: TestService, label: string, amount: string): Promise<{ id: string; transactionId: string }> {
  const opened = await service.post('/v1/deposits', { walletType: 'paytm', label, amount });
  if (opened.status !== 201) throw new Error(`deposit not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
  const transactionId = okTransactionNumber();
  const activated = await service.post(`/v1/deposits/${opened.body.id}/activation`, { transactionId, amount });
  if (activated.status !== 200) throw new Error(`activation refused: ${activated.status} ${JSON.stringify(activated.body)}`);
  await eventually(async () => ((await service.get(`/v1/deposits/${opened.body.id}`)).body.status === 'credited' ? true : undefined), 15_000, 'credited');
  await service.settled();
  return { id: opened.body.id, transactionId };
}
