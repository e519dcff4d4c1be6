/** Human-readable output of a run. The CLI logs to stderr; tests pass a silent or recording logger. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleLogger: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };
