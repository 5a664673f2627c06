import { centralCli } from './admin/cli';
import { centralDataDir } from './config';
import { startupErrorMessage } from './startup';

/**
 * `npm run central -- <command>` (dist/central/cli.js when deployed): the central admin CLI
 * (server/admin/). A database it cannot open is one readable line and exit status 1.
 */
try {
  const result = await centralCli(process.argv.slice(2));
  if (result.ok) {
    console.log(result.value);
  } else {
    console.error(result.error.message);
    process.exitCode = 1;
  }
} catch (error) {
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  console.error(`Kommandot kunde inte köras: ${startupErrorMessage(error, { databaseUrl, dataDir: centralDataDir() })}`);
  process.exitCode = 1;
}
