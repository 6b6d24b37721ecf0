import { ServerLogTail } from './server-log-tail';

describe('Server log tail › says why PostgreSQL stopped, in its own words', () => {
  it('names a refused setting with the FATAL line that follows it', () => {
    const tail = new ServerLogTail();
    tail.add('2026-12-02 05:00:00.000 UTC [12] LOG:  starting PostgreSQL 18.0\n');
    tail.add('[STDERR] 2026-12-02 05:00:00.001 UTC [12] LOG:  invalid value for parameter "max_connections": "plenty"\n');
    tail.add('2026-12-02 05:00:00.002 UTC [12] FATAL:  configuration file "/d/postgresql.auto.conf" contains errors\n');
    expect(tail.explanation()).toBe(
      'LOG: invalid value for parameter "max_connections": "plenty" FATAL: configuration file "/d/postgresql.auto.conf" contains errors',
    );
  });

  it('leaves out the backends echoing the death of their server', () => {
    const tail = new ServerLogTail();
    tail.add('FATAL:  terminating connection due to unexpected postmaster exit\nFATAL:  terminating connection due to unexpected postmaster exit\n');
    tail.add('PANIC:  could not write to file "pg_wal/xlogtemp.1": No space left on device\n');
    expect(tail.explanation()).toBe('PANIC: could not write to file "pg_wal/xlogtemp.1": No space left on device');
  });

  it('falls back to the last line, and to nothing when nothing was said', () => {
    const tail = new ServerLogTail();
    expect(tail.explanation()).toBe('');
    tail.add('LOG:  database system is shut down\n');
    expect(tail.explanation()).toBe('LOG: database system is shut down');
  });
});
