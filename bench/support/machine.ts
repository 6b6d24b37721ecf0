import { cpus, hostname, release, totalmem } from 'node:os';
import { Client } from 'pg';

export interface MachineInfo {
  readonly hostname: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryMb: number;
  readonly os: string;
  readonly node: string;
  readonly postgres: string;
}

export async function describeMachine(databaseUrl: string): Promise<MachineInfo> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string; fsync: string; synchronous_commit: string }>(
      "SELECT current_setting('server_version') AS server_version, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit",
    );
    const settings = rows[0];
    return {
      hostname: hostname(),
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryMb: Math.round(totalmem() / 2 ** 20),
      os: `${process.platform} ${release()}`,
      node: process.version,
      postgres: `${settings.server_version} (embedded; fsync=${settings.fsync}, synchronous_commit=${settings.synchronous_commit})`,
    };
  } finally {
    await client.end();
  }
}
