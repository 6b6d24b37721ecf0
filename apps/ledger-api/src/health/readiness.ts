/** One dependency /ready looks at: the database, the event store, the projections' lag. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with details when healthy; throws (with a reason) when not. */
  check(): Promise<Record<string, unknown>>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
