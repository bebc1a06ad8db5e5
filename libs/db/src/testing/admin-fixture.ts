import { randomBytes } from 'node:crypto';
import { EnvelopeCipher, parseMasterKey, type MasterKey } from '@asc/secrets';
import { AdminStore } from '../admin/admin-store';
import { Database } from '../repositories/database';
import { createTestDatabase, type TestDatabase } from './test-database';

/** A migrated test database with an AdminStore over it; `close()` disconnects and drops the database. */
export interface AdminFixture {
  readonly testDb: TestDatabase;
  readonly db: Database;
  readonly store: AdminStore;
  readonly cipher: EnvelopeCipher;
  /** The one master key of `cipher` (id `test-key`), for keyring rotation tests. */
  readonly masterKey: MasterKey;
  readonly pepper: Buffer;
  close(): Promise<void>;
}

export async function createAdminFixture(options: { now?: () => Date } = {}): Promise<AdminFixture> {
  const testDb = await createTestDatabase();
  const db = Database.connect(testDb.databaseUrl, { poolSize: 3 });
  const masterKey = parseMasterKey('test-key', randomBytes(32).toString('base64'));
  const cipher = new EnvelopeCipher([masterKey]);
  const pepper = randomBytes(32);
  const store = new AdminStore({ db, cipher, keyPepper: pepper, ...(options.now ? { now: options.now } : {}) });
  return {
    testDb,
    db,
    store,
    cipher,
    masterKey,
    pepper,
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
}
