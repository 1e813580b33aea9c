/**
 * The database of this test run: `kacmac_test_<run>` on the server of TEST_DATABASE_SERVER
 * (default: local MariaDB as root). Global setup picks the run id and hands it to the
 * workers through the environment.
 */
export function testDatabaseUrl(): string {
  const server = process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const run = process.env.KACMAC_TEST_RUN ?? 'local';
  return `${server.replace(/\/$/, '')}/kacmac_test_${run}`;
}
