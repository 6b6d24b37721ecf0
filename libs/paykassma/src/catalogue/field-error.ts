/** One validation problem, named by OUR API field (transactionId, accountNumber, …), for a 400. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}
