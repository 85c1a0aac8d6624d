// The one way a method refuses: an HTTP status with the portal's error code and text.
// Calendar and CRM methods use the empty string as their code (seed 001, the CRM pages).

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    /** Extra top-level fields some methods add (user.add sends "argument"). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code || '(empty code)'}: ${description}`);
  }

  toBody(): Record<string, unknown> {
    return { error: this.code, error_description: this.description, ...this.extra };
  }
}

/** Calendar methods answer 400 with an empty code and a Russian text. */
export function calendarError(description: string): PortalError {
  return new PortalError(400, '', description);
}

export function calendarMissing(param: string, method: string): PortalError {
  return calendarError(`Не задан обязательный параметр "${param}" для метода "${method}"`);
}

/** CRM methods answer 400 with an empty code and an English text. */
export function crmError(description: string): PortalError {
  return new PortalError(400, '', description);
}
