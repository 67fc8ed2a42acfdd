/** Entry point of the femtosim command: registers every command module, then runs the CLI. */
import { cliEntry } from './cli.js';

await cliEntry();
