/**
 * The command-line tool: picks the command, runs it and turns every failure into an exit code and
 * one line on stderr (a stack trace only with --debug).
 */
import { analyzeCommand } from './commands/analyze';
import { checkCommand } from './commands/check';
import { simulateCommand } from './commands/simulate';
import { simulatorCommand } from './commands/simulator';
import { CliError, EXIT } from './errors';
import type { CliIo } from './io';
import { terminalSafeIo } from './terminalText';
import { COMMAND_USAGE, MAIN_USAGE, type CommandName } from './usage';
import { TOOL_VERSION } from './version';

export type Command = (args: string[], io: CliIo) => Promise<number>;
export type CommandTable = Record<CommandName | 'simulator', Command>;

const COMMANDS: CommandTable = {
  analyze: analyzeCommand,
  simulate: simulateCommand,
  check: checkCommand,
  simulator: simulatorCommand,
};

const PROGRAM = 'prompt-cache-lens';

function isCommand(name: string): name is keyof CommandTable {
  return Object.hasOwn(COMMANDS, name);
}

/** Runs one command line; `commands` replaces the command implementations (tests of the error paths). */
export async function runCli(args: string[], rawIo: CliIo, commands: CommandTable = COMMANDS): Promise<number> {
  const io = terminalSafeIo(rawIo);
  const [first, ...rest] = args;
  const debug = args.includes('--debug');
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(MAIN_USAGE);
    return first === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  if (!isCommand(first)) {
    const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
    io.stderr(`${PROGRAM}: ${what}\n\n${MAIN_USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await commands[first](rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${PROGRAM}: ${error.message}\n`);
      if (error.showUsage && first !== 'simulator') io.stderr(`\n${COMMAND_USAGE[first]}`);
      return error.exitCode;
    }
    const detail = debug && error instanceof Error && error.stack ? error.stack : String((error as Error)?.message ?? error);
    io.stderr(`${PROGRAM}: internal error: ${debug ? detail : detail.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}\n`);
    return EXIT.internal;
  }
}
