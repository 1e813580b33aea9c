import 'reflect-metadata';
import { createMigrationDataSource } from './src/database/data-source';

/** The DataSource of the TypeORM CLI (`npm run migration:generate`, `npm run migration:revert`). */
export default createMigrationDataSource();
