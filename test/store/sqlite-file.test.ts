import { sqliteFileHarness } from './harness.js';
import { runStoreSuite } from './suite.js';

runStoreSuite('SQLite file', sqliteFileHarness);
