import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

/** Runs `work` under V8's sampling profiler (this process) and writes the .cpuprofile to `file`. */
export async function profiled<T>(file: string | null, work: () => Promise<T>): Promise<T> {
  if (file === null) return work();
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 1000 });
  await post(session, 'Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}
