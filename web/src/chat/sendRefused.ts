/** A send the server answered with an error status: no turn started and nothing was stored. */
export class SendRefused extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'SendRefused';
  }
}
