import { ALL_MERCHANTS, MERCHANT_ID } from '@kassa/platform';
import { ApiError } from '../http/api-error';

/** What the API-key guard leaves on a request: the merchant it acts for (see AuthenticatedRequest). */
interface MerchantScoped {
  readonly merchantId: string | null;
}

/**
 * Which merchant a request acts for. A merchant's key acts for its merchant only: naming another with
 * `?merchant=` answers 404 exactly as a merchant that does not exist. A key across merchants (`*`/)
 * names one with `?merchant=<id>`, or all with `?merchant=*` where a route allows it (reports).
 */
export function resolveMerchant(keyMerchant: string, requested: unknown, known: readonly string[]): string | null {
  if (requested !== undefined && typeof requested !== 'string') throw ApiError.validation([{ field: 'merchant', message: 'must be given once' }]);
  // A malformed id names no merchant of anyone's: saying so reveals nothing about other merchants.
  if (requested !== undefined && requested !== '' && requested !== ALL_MERCHANTS && !MERCHANT_ID.test(requested)) {
    throw ApiError.validation([{ field: 'merchant', message: 'must be a merchant id (1-32 characters of a-z, 0-9 and -) or *' }]);
  }
  if (keyMerchant !== ALL_MERCHANTS) {
    if (requested !== undefined && requested !== keyMerchant) throw noSuchMerchant();
    return keyMerchant;
  }
  if (requested === undefined || requested === '') return null;
  if (requested === ALL_MERCHANTS) return ALL_MERCHANTS;
  if (!known.includes(requested)) throw noSuchMerchant();
  return requested;
}

function noSuchMerchant(): ApiError {
  return new ApiError(404, 'NOT_FOUND', 'Not found', 'no such merchant');
}

/** The one merchant this request acts for; a key across merchants must name it. */
export function merchantOf(request: MerchantScoped): string {
  const merchant = request.merchantId;
  if (merchant === null || merchant === ALL_MERCHANTS) {
    throw ApiError.validation([{ field: 'merchant', message: 'a key for all merchants must name one merchant with ?merchant=<id>' }]);
  }
  return merchant;
}

/** The merchants a report covers: the request's one, or every configured one for `?merchant=*`. */
export function reportMerchantsOf(request: MerchantScoped, known: readonly string[]): readonly string[] {
  if (request.merchantId === ALL_MERCHANTS) return known;
  return [merchantOf(request)];
}
