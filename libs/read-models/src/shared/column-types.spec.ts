import { Client } from 'pg';
import { createTestDatabase } from '../../../../test/support/test-database';
import { columnNames, orderedRowsSource, rowsParameters, selectList, type ColumnTypes } from './column-types';

interface AwkwardRow {
  readonly label: string | null;
  readonly amount_minor: string | null;
  readonly count: number | null;
  readonly flag: boolean | null;
  readonly detail: unknown;
  readonly at: string | null;
  readonly event_id: string | null;
}

const COLUMNS: ColumnTypes<AwkwardRow> = {
  label: 'text',
  amount_minor: 'bigint',
  count: 'integer',
  flag: 'boolean',
  detail: 'jsonb',
  at: 'timestamptz',
  event_id: 'uuid',
};

/** Values an array literal has to quote or escape, and the edges of every type. */
const ROWS: AwkwardRow[] = [
  { label: 'a "quoted", {braced} \\ back\\slashed label', amount_minor: '9223372036854775807', count: 0, flag: true, detail: { message: 'say "hi" \\ {x}', list: [1, 'two', null] }, at: '2024-05-01T10:00:00.123456Z', event_id: '0b7e5f5e-1f0e-4c39-9d35-7a1f0f6a0c11' },
  { label: 'NULL', amount_minor: '-1', count: -2147483648, flag: false, detail: 'a JSON string, not an object', at: '1999-12-31T23:59:59.000000Z', event_id: null },
  { label: '', amount_minor: null, count: null, flag: null, detail: null, at: null, event_id: null },
  { label: null, amount_minor: '0', count: 7, flag: true, detail: [], at: '2024-02-29T00:00:00.000001Z', event_id: null },
  { label: 'ünïcødé ✓ and a tab\tand a newline\n', amount_minor: '42', count: 1, flag: false, detail: { nested: { deeper: ['{', '}', ',', '"'] } }, at: '2024-05-01T10:00:00.000000Z', event_id: null },
];

describe('rowsParameters with orderedRowsSource', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('rm_column_types');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE awkward (ord bigint PRIMARY KEY, label text, amount_minor bigint, count integer, flag boolean, detail jsonb, at timestamptz, event_id uuid)');
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('writes every row as given, in order, and reads back the same values', async () => {
    const columns = columnNames(COLUMNS).join(', ');
    await client.query(`INSERT INTO awkward (ord, ${columns}) SELECT ordinality, ${columns} FROM ${orderedRowsSource(COLUMNS, 1)}`, rowsParameters(COLUMNS, ROWS));

    const { rows } = await client.query<AwkwardRow>(`SELECT ${selectList(COLUMNS)} FROM awkward ORDER BY ord`);
    expect(rows).toEqual(ROWS);
  });
});
