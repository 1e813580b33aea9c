import 'reflect-metadata';
import { createMigrationDataSource } from './src/data-source';
import { loadEnvFile } from './src/env-file';

/** The DataSource of the TypeORM CLI (`npm run migration:generate`, `npm run migration:revert`). */
loadEnvFile();
export default createMigrationDataSource();
