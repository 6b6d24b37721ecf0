import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Current balances, one row per wallet stream (tenant, label, currency). The checks restate the
 * wallet's own invariant (no overdraft): a projection bug that broke it fails loudly here.
 */
export class CreateWalletBalances1760002000300 implements MigrationInterface {
  readonly name = 'CreateWalletBalances1760002000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE wallet_balances (
        tenant_id           text NOT NULL,
        label               text NOT NULL,
        currency            text NOT NULL,
        stream_id           text NOT NULL UNIQUE,
        available_minor     bigint NOT NULL CHECK (available_minor >= 0),
        held_minor          bigint NOT NULL CHECK (held_minor >= 0),
        updated_at          timestamptz NOT NULL,
        last_stream_version integer NOT NULL,
        PRIMARY KEY (tenant_id, label, currency)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE wallet_balances');
  }
}
