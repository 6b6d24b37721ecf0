import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider statements imported for reconciliation, keyed by the sha256 of the file's bytes: the same
 * file imported again returns the stored answer and changes nothing.
 */
export class CreateStatementImports1760003000100 implements MigrationInterface {
  readonly name = 'CreateStatementImports1760003000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE statement_imports (
        tenant_id    text NOT NULL,
        sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        file_name    text,
        size_bytes   integer NOT NULL CHECK (size_bytes >= 0),
        imported_by  text NOT NULL,
        imported_at  timestamptz NOT NULL,
        result       jsonb NOT NULL,
        PRIMARY KEY (tenant_id, sha256)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE statement_imports');
  }
}
