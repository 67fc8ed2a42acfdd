/** Standalone packer for the firmware build: `node dist/femto-host/pack-main.js in.o -o out.rbf`. */
import { packMain } from './cli.js';

process.exitCode = packMain(process.argv.slice(2));
