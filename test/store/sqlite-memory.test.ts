import { sqliteMemoryHarness } from './harness.js';
import { runStoreSuite } from './suite.js';

runStoreSuite('SQLite in memory', sqliteMemoryHarness);
