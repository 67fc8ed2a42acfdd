/** Error for bad user input (image, object file, command line): the message is meant for the user, no stack trace. */
export class FemtoInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FemtoInputError';
  }
}

export function hex(n: number, width = 0): string {
  return '0x' + (n >>> 0).toString(16).padStart(width, '0');
}
