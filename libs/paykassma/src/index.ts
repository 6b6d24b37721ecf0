// Paykassma: everything about the provider, independent of our domain and of NestJS.

// catalogue/: wallet types as data, validation per operation, GET /v1/wallet-types view
export type { ActivationAmountKind, ActivationKind, TextRule, WalletTypeEntry, WithdrawalRules } from './catalogue/wallet-type';
export { WALLET_CATALOGUE, findWalletType, getWalletType, walletTypeNames, UnknownWalletTypeError } from './catalogue/wallet-catalogue';
export { UPAY_MANUAL_BANKS } from './catalogue/upay-banks';
export * from './catalogue/limits';
export type { FieldError } from './catalogue/field-error';
export { matchesRule } from './catalogue/text-rule';
export {
  validateDepositCreate,
  validateDepositActivation,
  type DepositCreateInput,
  type DepositActivationInput,
  type ScreenshotInfo,
} from './catalogue/validate-deposit';
export { validateWithdrawal, type WithdrawalInput } from './catalogue/validate-withdrawal';
export { catalogueView, walletTypeView, type WalletTypeView } from './catalogue/catalogue-view';

// signature/
export { phpJson } from './signature/php-json';
export { md5Hex, sha1Hex, constantTimeEqual } from './signature/hashing';
export {
  computePostbackSignature,
  verifyPostbackSignature,
  type PostbackKeys,
  type PostbackSignatureFailure,
  type PostbackSignatureResult,
} from './signature/postback-signature';
export {
  defaultWithdrawalSigner,
  sortedValuesSha1Signer,
  sortedValuesSignatureBase,
  type WithdrawalSigner,
} from './signature/withdrawal-signer';

// postback/
export { parsePostback, type ParsePostbackOptions } from './postback/parse-postback';
export type { ParsedPostback, PostbackRecord, PostbackBankDetails, PostbackDirection, WithdrawalOutcome } from './postback/postback-types';
export { PostbackFormatError } from './postback/postback-format-error';
export {
  DEFAULT_PROVIDER_TIME_ZONE,
  PROVIDER_TIME_FORMAT,
  ProviderTimeError,
  assertTimeZone,
  formatProviderTimestamp,
  parseProviderTimestamp,
} from './postback/provider-time';

// client/
export { PaykassmaClient, type PaykassmaClientOptions, type ActivationRequest, type ScreenshotFile } from './client/paykassma-client';
export type { ProviderCall, ProviderCallObserver, ProviderCallOutcome } from './client/provider-call-observer';
export type { ActivationAnswer, CreateDepositAnswer, CreateWithdrawalAnswer, WalletDetails } from './client/provider-answers';
export { ProviderRejected, ProviderUnavailable, type ProviderError, type ProviderOperation, type UnavailableReason } from './client/provider-errors';
export { buildWithdrawalRequest, type WithdrawalRequestBody, type WithdrawalRequestInput } from './client/withdrawal-request';
export { buildPluginUrl, derivePluginUrl, type PluginUrlInput, type PluginRedirectIds } from './client/plugin-url';
export { scrubSecret } from './client/scrub-secret';
export { toWireFloat, toWireInt, compactDecimal } from './client/wire-amount';
export type { FetchLike } from './client/provider-http';

// json/: lossless + lenient JSON (numbers kept as text)
export { JsonNumber, JsonSyntaxError, parseLosslessJson, isLosslessObject, type LosslessValue, type LosslessObject } from './json/lossless-json';
export { stringifyLossless } from './json/lossless-stringify';
export { exceedsJsonDepth, MAX_JSON_DEPTH } from './json/json-depth';

// sandbox/
export { createPaykassmaSandbox, type PaykassmaSandbox, type SandboxControl } from './sandbox/create-sandbox';
export type { PaykassmaSandboxOptions } from './sandbox/sandbox-options';
export type { PostbackDelivery, PostbackAttempt } from './sandbox/postback-sender';
export type { Fault, FaultKind } from './sandbox/fault-injector';
export { activationOutcome, type SandboxActivationOutcome } from './sandbox/activation-outcome';
