import express, { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { JsonSyntaxError, parseLosslessJson, type LosslessValue } from '../../json/lossless-json';
import { constantTimeEqual } from '../../signature/hashing';
import type { FaultInjector } from '../fault-injector';
import { fail } from '../provider-reply';
import type { SandboxDeposits } from '../sandbox-deposits';
import type { SandboxWithdrawals } from '../sandbox-withdrawals';
import { sendReply } from './send-reply';

/** Raw text for JSON endpoints: we parse it ourselves so amounts never become JS floats. */
const rawText = express.text({ type: () => true, limit: '1mb' });
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 10 * 1024 * 1024, files: 1 } });

function jsonBody(req: Request): LosslessValue | undefined {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') return {};
  try {
    return parseLosslessJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return undefined;
    throw error;
  }
}

/** The provider's endpoints, same paths as https://api.{server_URL}. */
export function providerRoutes(secret: string, deposits: SandboxDeposits, withdrawals: SandboxWithdrawals, faults: FaultInjector): Router {
  const router = Router();
  router.use(faults.middleware());

  // Deposit API: ?secret= or a plain 404, as the docs describe (docs/paykassma.md §0).
  const requireSecret = (req: Request, res: Response, next: NextFunction): void => {
    const given = req.query['secret'];
    if (typeof given === 'string' && constantTimeEqual(given, secret)) return next();
    res.status(404).json({ message: 'Not found' });
  };

  router.post('/api/v1/transaction/create/:walletType', requireSecret, rawText, (req, res) => {
    const body = jsonBody(req);
    sendReply(res, body === undefined ? fail('Malformed JSON') : deposits.create(String(req.params['walletType']), body));
  });

  router.post('/api/v1/transaction/activate', requireSecret, rawText, (req, res) => {
    const body = jsonBody(req);
    sendReply(res, body === undefined ? fail('Malformed JSON') : deposits.activateJson(body));
  });

  router.post('/api/v1/possible-transaction', requireSecret, (req, res, next) => {
    upload.single('screenshot')(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) return sendReply(res, fail({ [error.field ?? 'screenshot']: [error.message] }));
      if (error) return next(error);
      const fields: Record<string, string> = {};
      for (const [key, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof value === 'string') fields[key] = value;
      const file = req.file;
      const screenshot = file ? { fileName: file.originalname, contentType: file.mimetype, sizeBytes: file.size } : null;
      sendReply(res, deposits.possibleTransaction(fields, screenshot));
    });
  });

  router.post('/v2/withdrawal/create', rawText, (req, res) => {
    const body = jsonBody(req);
    sendReply(res, body === undefined ? fail('Malformed JSON') : withdrawals.create(body));
  });

  // The payment window is not simulated; this echo only proves a built link points somewhere.
  router.get(['/plugin', '/plugin/'], (req, res) => {
    res.json({ sandbox: 'payment window (not simulated)', query: req.query });
  });

  return router;
}
