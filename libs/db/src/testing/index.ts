export { createTestDatabase, type TestDatabase } from './test-database';
export { createAdminFixture, type AdminFixture } from './admin-fixture';
