import 'reflect-metadata';
import { createSchemaComparisonDataSource } from './src/data-source';
import { loadEnvFile } from './src/env-file';

/** The DataSource of the TypeORM CLI (`npm run migration:generate`). */
loadEnvFile();
export default createSchemaComparisonDataSource();
