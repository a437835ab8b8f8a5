/** An error answer of the simulated API: status, Proxmox's message, optional per-parameter errors. */
export class SimApiError extends Error {
  override readonly name = 'SimApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
    /** Real milliseconds to wait before answering (401s, agent pings). */
    readonly delayMs = 0,
  ) {
    super(message);
  }
}

export const badParameter = (param: string, message: string): SimApiError => new SimApiError(400, 'Parameter verification failed.', { [param]: message });
