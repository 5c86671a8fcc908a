/** `prompt-cache-lens simulator ...`: the simulated OpenAI-compatible endpoint, run in the foreground. */
import { runSimulatorCli } from '../../simulator/cli';
import { EXIT } from '../errors';
import type { CliIo } from '../io';
import { SIMULATOR_USAGE } from '../usage';

export async function simulatorCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(SIMULATOR_USAGE);
    return EXIT.ok;
  }
  return runSimulatorCli(args, { out: (line) => io.stdout(`${line}\n`), err: (line) => io.stderr(`${line}\n`) });
}
