/** A CLI command: receives the arguments after its name, resolves to the process exit code. */
export type Command = (argv: string[]) => Promise<number>

/** A usage or input problem the CLI reports as one line on stderr, without a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message)
    this.name = 'CliError'
  }
}
