import { centralCli } from './admin/cli';

/** `npm run central -- <command>`: the central admin CLI for demos and tests (server/admin/). */
const result = await centralCli(process.argv.slice(2));
if (result.ok) {
  console.log(result.value);
} else {
  console.error(result.error.message);
  process.exitCode = 1;
}
