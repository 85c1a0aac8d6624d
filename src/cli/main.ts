// The `uzel` command. Only the piece a command needs is imported: a service command loads that
// one service, so a call against a portal starts in the time Node takes to boot.
import { echo } from '../core/echo.js';
import type { ServiceName } from '../core/errors.js';
import { packageVersion } from '../core/version.js';
import { serviceNames } from '../services/registry.js';
import { exitCodeOf, UsageError } from './exit-codes.js';
import { Diagnostics, isClosedPipe, processIo, write, type Io } from './io.js';

async function dispatch(argv: string[], io: Io, diag: Diagnostics): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const { serviceListings, topHelpText } = await import('./top-help.js');
    await write(first === undefined ? io.stderr : io.stdout, topHelpText(await serviceListings()));
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    await write(io.stdout, `${packageVersion()}\n`);
    return 0;
  }
  if (first === 'profile') return (await import('./profile-command.js')).runProfile(rest, io, diag);
  if (first === 'sandbox') return (await import('./sandbox-command.js')).runSandbox(rest, io, diag);
  // The MCP server and the gateway, with their SDK and framework, load only for their command.
  if (first === 'mcp') return (await import('../mcp/command.js')).runMcp(rest, { ...io, stdin: process.stdin }, packageVersion());
  if (first === 'serve') return (await import('./serve-command.js')).runServe(rest, io, diag);
  if (serviceNames.includes(first as ServiceName)) {
    return (await import('./service-command.js')).runService(first as ServiceName, rest, io, diag);
  }
  throw new UsageError(`unknown command ${echo(first)} (services: ${serviceNames.join(', ')}; also: profile, sandbox, mcp, serve; see: npx uzel --help)`);
}

/** Runs the CLI; resolves to the process exit code. Never throws. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const diag = new Diagnostics(io);
  diag.debug = argv.includes('--debug');
  try {
    return await dispatch(argv, io, diag);
  } catch (error) {
    if (isClosedPipe(error)) return 0;
    const code = exitCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    diag.error(message);
    if (diag.debug && error instanceof Error && error.stack) diag.line(error.stack);
    else if (code === 1) diag.line('uzel: run again with --debug for details');
    return code;
  }
}
