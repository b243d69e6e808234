/** A send the outbox refuses before writing anything (empty text, a missing parameter…): `message` is pt-BR. */
export class OutboxInputError extends Error {
  override readonly name = 'OutboxInputError';
  constructor(
    /** The input field at fault, e.g. `text` or `parameters.nome`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
