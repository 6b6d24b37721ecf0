import { mkdirSync, mkdtempSync, rmSync, statSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterFolderUnreachableError, prepareClusterFolder } from './cluster-folder-access';

const TEST_DATA = join(__dirname, '..', '..', '..', '..', '.test-data');
const asRoot = process.getuid?.() === 0 ? it : it.skip;

/** As root the embedded PostgreSQL runs as "postgres": every folder on the way must let it in. */
describe('Cluster folder › reachable by the database user', () => {
  let parent: string;

  beforeEach(() => {
    mkdirSync(TEST_DATA, { recursive: true });
    parent = mkdtempSync(join(TEST_DATA, 'folders-'));
  });

  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  asRoot('opens the folders it creates itself, whatever the umask', () => {
    chmodSync(parent, 0o755);
    const previous = process.umask(0o077);
    try {
      prepareClusterFolder(join(parent, 'data', 'postgres'), join(parent, 'data'));
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(parent, 'data')).mode & 0o777).toBe(0o755);
    expect(statSync(join(parent, 'data', 'postgres')).mode & 0o777).toBe(0o755);
  });

  asRoot('leaves a folder it did not make alone and says in one line how to fix it', () => {
    // mkdtemp made `parent` 0700, as `mktemp -d` does
    const attempt = () => prepareClusterFolder(join(parent, 'postgres'), parent);
    expect(attempt).toThrow(ClusterFolderUnreachableError);
    expect(attempt).toThrow(`DATA_DIR ${parent} cannot be used`);
    expect(attempt).toThrow(`chmod o+x ${parent}`);
    expect(statSync(parent).mode & 0o777).toBe(0o700);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
