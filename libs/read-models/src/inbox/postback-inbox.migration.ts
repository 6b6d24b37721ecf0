import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every postback as it arrived, written by the postback endpoint BEFORE it is verified or applied
 * (docs/architecture.md, invariant 5: raw postbacks are kept for audit and replay). Not a projection: it is
 * an input log, never rebuilt. `outcome` starts as 'received' and is set once processed.
 */
export class CreatePostbackInbox1760002000600 implements MigrationInterface {
  readonly name = 'CreatePostbackInbox1760002000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE postback_inbox (
        id              uuid PRIMARY KEY,
        tenant_id       text NOT NULL,
        received_at     timestamptz NOT NULL,
        raw_body        text NOT NULL,
        content_type    text,
        remote_addr     text,
        signature_valid boolean,
        direction       text,
        outcome         text NOT NULL DEFAULT 'received',
        outcome_detail  jsonb,
        processed_at    timestamptz
      )`);
    await queryRunner.query('CREATE INDEX postback_inbox_received_idx ON postback_inbox (tenant_id, received_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX postback_inbox_outcome_idx ON postback_inbox (tenant_id, outcome, received_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE postback_inbox');
  }
}
