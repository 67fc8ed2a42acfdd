/** Entry point of the femtosim command: registers every command module, then runs the CLI. */
import { cliEntry, registerCommands } from './cli.js';
import { registerFcCommands, processIo } from '../femto-host/cli.js';
import './commands.js';

registerCommands((y, setExit) => registerFcCommands(y, { ...processIo, setExitCode: setExit }));

await cliEntry();
