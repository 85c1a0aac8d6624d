// Commands a service adds beyond its catalogue, kept apart so the generic CLI knows no service.
import type { ServiceDefinition } from '../../core/catalogue.js';
import type { ExtraCommandHelp } from '../help.js';
import type { Diagnostics, Io } from '../io.js';

export interface ExtraCommand extends ExtraCommandHelp {
  name: string;
  /** Other names the command answers to (oint's Russian name). */
  aliases?: string[];
  help: string;
  run(service: ServiceDefinition, args: string[], io: Io, diag: Diagnostics): Promise<number>;
}
